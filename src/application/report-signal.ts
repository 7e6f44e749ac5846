import { randomUUID } from 'node:crypto';
import type { Signal } from '../domain/signal';
import { parseHouseNumber, parsePostcode } from '../domain/postcode';
import { route, type RouteResult, type SignaalpuntenConfig } from '../domain/routing';
import { addWorkingDays, amsterdamDate } from '../domain/working-days';
import { formatReference } from '../domain/reference';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { AuditLog, MunicipalityLookup, SignalRepository } from '../ports/signals';
import type { OutboxMessage } from '../ports/outbox';
import { isWithoutName, type PostcodeCheck, type ReportDraft, type ReportSignalPort, type SignalStatusLine, type SubmitResult } from './report-signal.types';
import { newSignalMessages } from './outbox-messages';
import type { OutboxRelay } from './outbox-relay';
import { reportDraftSchema } from './report-draft';

export interface ReportSignalDeps {
  signals: SignalRepository;
  audit: AuditLog;
  clock: Clock;
  logger: Logger;
  config: () => SignaalpuntenConfig;
  lookup?: MunicipalityLookup;
  /** Moves what a change staged into the outbox and wakes the delivery worker (ADR 0010); a failure is logged there and retried by the next relay. */
  relay?: Pick<OutboxRelay, 'relay'>;
  /** Most signals one reporter chat may file per day (Europe/Amsterdam); default: no limit. */
  reportsPerDay?: number;
  /** Days after closing before personal details are erased (RETENTION_DAYS); told to the reporter. Default 90. */
  retentionDays?: number;
}

/** Report a signal: route it, store it (personal details encrypted by the store), queue delivery. */
export class ReportSignal implements ReportSignalPort {
  /** Submits in progress by key: the same card submit arriving twice at once makes one signal. */
  private readonly inFlight = new Map<string, Promise<SubmitResult>>();

  readonly retentionDays: number;

  constructor(private readonly deps: ReportSignalDeps) {
    this.retentionDays = deps.retentionDays ?? 90;
  }

  async checkPostcode(input: { postcode: string; houseNumber?: string; ageGroup: Signal['ageGroup']; withoutAddress?: boolean }): Promise<PostcodeCheck> {
    const routed = await this.routeFor(input.postcode, input.houseNumber, input.ageGroup, input.withoutAddress === true);
    if (routed === 'invalid') return { kind: 'invalid' };
    if (routed.kind === 'needsAddress') return { kind: 'needsAddress' };
    return { kind: 'ok', signaalpuntName: this.signaalpuntName(routed.signaalpuntId) };
  }

  submit(draft: ReportDraft, context: { submissionKey: string; reporterChatKey?: string }): Promise<SubmitResult> {
    const running = this.inFlight.get(context.submissionKey);
    if (running) return running;
    const result = this.submitOnce(draft, context).finally(() => this.inFlight.delete(context.submissionKey));
    this.inFlight.set(context.submissionKey, result);
    return result;
  }

  private async submitOnce(draft: ReportDraft, context: { submissionKey: string; reporterChatKey?: string }): Promise<SubmitResult> {
    const existing = await this.deps.signals.getBySubmissionKey(context.submissionKey);
    if (existing) return this.accepted(existing);

    const parsed = reportDraftSchema.safeParse(draft);
    if (!parsed.success) {
      const fields = [...new Set(parsed.error.issues.map((i) => String(i.path[0] ?? 'draft')))];
      this.deps.logger.warn({ code: 'DRAFT_INVALID', fields }, 'report draft refused');
      return { ok: false, code: 'DRAFT_INVALID', fields };
    }
    if (await this.overDailyLimit(context.reporterChatKey)) {
      this.deps.logger.warn({ code: 'REPORT_DAILY_LIMIT' }, 'report refused: daily limit of this reporter reached');
      return { ok: false, code: 'DAILY_LIMIT', fields: [] };
    }
    const d = parsed.data;
    // Without name: only the 4 digits are kept and routed, whatever a client sent (issue 14).
    const withoutName = isWithoutName(d);
    const routed = await this.routeFor(d.postcode, withoutName ? undefined : d.houseNumber, d.ageGroup, withoutName);
    // The dialog checks the postcode first; a draft that still cannot be placed goes to the fallback.
    const config = this.deps.config();
    const signaalpuntId = routed === 'invalid' || routed.kind === 'needsAddress' ? config.fallback : routed.signaalpuntId;
    const signaalpunt = config.signaalpunten.find((s) => s.id === signaalpuntId);
    const now = this.deps.clock.now();
    const year = Number(amsterdamDate(now).slice(0, 4));
    const sequence = await this.deps.signals.nextSequence(year);
    const postcode = parsePostcode(d.postcode);
    const house = d.houseNumber && !withoutName ? parseHouseNumber(d.houseNumber) : undefined;
    const self = d.about === 'self';
    const signal: Signal = {
      id: randomUUID(),
      submissionKey: context.submissionKey,
      version: 1,
      reference: formatReference(year, sequence),
      createdAt: now.toISOString(),
      signaalpuntId,
      status: 'new',
      about: d.about,
      informed: self || d.informed,
      consent: self || d.consent,
      ageGroup: d.ageGroup,
      postcode4: postcode.ok ? postcode.pc4 : '',
      signs: d.signs,
      relation: d.relation,
      reporterSector: d.reporterSector,
      wantsFeedback: d.wantsFeedback,
      reporterChatKey: context.reporterChatKey,
      deadline: addWorkingDays(amsterdamDate(now), signaalpunt?.deadlineWorkingDays ?? 2),
      history: [{ at: now.toISOString(), action: 'created', by: { kind: 'reporter' }, toStatus: 'new', toSignaalpunt: signaalpuntId }],
      personal: {
        personName: d.consent && !self ? d.personName : undefined,
        personContact: d.consent && !self ? d.personContact : undefined,
        postcode6: postcode.ok && !withoutName ? postcode.pc6 : undefined,
        houseNumber: house?.ok ? house.value : undefined,
        note: d.note?.trim() || undefined,
        reporterName: d.reporterName,
        reporterContact: d.reporterContact,
        reporterOrganisation: d.reporterOrganisation,
      },
      notes: [],
    };
    const messages: OutboxMessage[] = newSignalMessages(signal, signaalpunt?.targets ?? [{ kind: 'teams' }], now);
    await this.deps.signals.create(signal, messages);
    await this.deps.audit.append({ at: now.toISOString(), action: 'signal.created', actor: 'reporter', signalId: signal.id, signaalpuntId });
    this.deps.logger.info(
      { code: 'SIGNAL_CREATED', signalId: signal.id, signaalpuntId, route: routed === 'invalid' ? 'invalid' : routed.kind },
      'signal stored and queued',
    );
    // The messages are staged with the signal, so the reporter may be told now; the relay moves
    // them to the outbox (a crash or failed write leaves them staged for the start-up relay).
    await this.deps.relay?.relay().catch(() => undefined);
    return this.accepted(signal);
  }

  /** True when this reporter chat filed `reportsPerDay` signals today already. */
  private async overDailyLimit(reporterChatKey: string | undefined): Promise<boolean> {
    const limit = this.deps.reportsPerDay;
    if (limit === undefined || !reporterChatKey) return false;
    const today = amsterdamDate(this.deps.clock.now());
    const mine = await this.deps.signals.summaries({ reporterChatKey });
    return mine.filter((s) => amsterdamDate(new Date(s.createdAt)) === today).length >= limit;
  }

  async statusForReporter(reporterChatKey: string, reference?: string): Promise<SignalStatusLine[]> {
    const mine = await this.deps.signals.summaries({ reporterChatKey });
    return mine
      .filter((s) => !reference || s.reference === reference.toUpperCase())
      .map((s) => ({ reference: s.reference, status: s.status, createdAt: s.createdAt }));
  }

  private accepted(signal: Signal): SubmitResult {
    const contact = this.deps.config().signaalpunten.find((s) => s.id === signal.signaalpuntId)?.contact;
    return {
      ok: true,
      reference: signal.reference,
      signaalpuntName: this.signaalpuntName(signal.signaalpuntId),
      deadline: signal.deadline,
      ...(contact ? { contact } : {}),
    };
  }

  private signaalpuntName(id: string): string {
    return this.deps.config().signaalpunten.find((s) => s.id === id)?.name ?? id;
  }

  private async routeFor(
    postcodeText: string,
    houseNumberText: string | undefined,
    ageGroup: Signal['ageGroup'],
    withoutAddress = false,
  ): Promise<RouteResult | 'invalid'> {
    const postcode = parsePostcode(postcodeText);
    if (!postcode.ok) return 'invalid';
    // Without name: the 4 digits only, and no lookup (PDOK needs the full postcode).
    if (withoutAddress) return route({ pc4: postcode.pc4, ageGroup, withoutAddress }, this.deps.config());
    const house = houseNumberText ? parseHouseNumber(houseNumberText) : undefined;
    if (house && !house.ok) return 'invalid';
    const input = { pc4: postcode.pc4, pc6: postcode.pc6, houseNumber: house?.ok ? house.value : undefined, ageGroup };
    const config = this.deps.config();
    const first = route(input, config);
    if (first.kind === 'routed' || first.kind === 'needsAddress' || !this.deps.lookup || !postcode.pc6) return first;
    // The table could not decide: ask PDOK (cached, optional). Off or down: the table's answer stands.
    const found = await this.deps.lookup.lookup(postcode.pc6, input.houseNumber).catch(() => undefined);
    return found ? route(input, config, { municipalityCode: found.code }) : first;
  }
}
