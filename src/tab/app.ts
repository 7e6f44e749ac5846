/**
 * The tab once Teams has answered: a header with the two sections (queue and figures), a status
 * line for what just happened, and the current view. Holds the little state there is and moves
 * focus so keyboard and screen reader users land on what changed.
 */
import { defaultPeriod } from '../domain/figures';
import { amsterdamDate } from '../domain/working-days';
import { ApiError, type ActionRequest, type QueueFilter, type TabApi } from './api-client';
import type { Queue, QueueItem, SignalDetail } from './api-schemas';
import { button, h } from './dom';
import { detailView } from './detail-view';
import { figuresView, type Period } from './figures-view';
import type { Translate } from './i18n';
import { queueRow, queueView, type QueueHandlers } from './queue-view';

type Section = 'queue' | 'figures';

/** The locale key for an API failure; action codes reuse the team card's notices. */
export function errorKey(error: unknown): string {
  if (!(error instanceof ApiError)) return 'errors.generic';
  const byCode: Record<string, string> = {
    TOKEN: 'errors.token',
    ALREADY_CLAIMED: 'team:notices.alreadyClaimed',
    CONFLICT: 'team:notices.conflict',
    TRANSITION_NOT_ALLOWED: 'team:notices.notAllowed',
    SIGNAL_CLOSED: 'team:notices.closed',
    NOTE_INVALID: 'team:labels.noteError',
    OUTCOME_REQUIRED: 'team:labels.outcomeError',
    UNKNOWN_SIGNAALPUNT: 'team:labels.forwardError',
    FORWARD_SAME_SIGNAALPUNT: 'team:labels.forwardError',
    NOT_A_MEMBER: 'errors.forbidden',
  };
  const known = byCode[error.code];
  if (known) return known;
  if (error.status === 401) return 'errors.unauthorized';
  if (error.status === 403) return 'errors.forbidden';
  if (error.status === 404) return 'errors.notFound';
  return 'errors.generic';
}

const DONE_NOTICE: Record<ActionRequest['action'], string> = {
  claim: 'notices.claimed',
  release: 'notices.released',
  note: 'notices.noted',
  forward: 'team:notices.forwarded',
  close: 'notices.closed',
};

export class TabApp {
  private section: Section = 'queue';
  private filter: QueueFilter = 'open';
  private period: Period;
  private readonly nav: Record<Section, HTMLButtonElement>;
  private readonly status = h('p', { role: 'status', class: 'notice' });
  private readonly alert = h('div', { role: 'alert', class: 'alert' });
  private readonly view = h('main', { id: 'main' });

  constructor(
    private readonly root: HTMLElement,
    private readonly t: Translate,
    private readonly api: TabApi,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.period = defaultPeriod(amsterdamDate(now()));
    this.nav = {
      queue: button(t.t('nav.queue'), () => void this.show('queue'), { class: 'nav-button' }),
      figures: button(t.t('nav.figures'), () => void this.show('figures'), { class: 'nav-button' }),
    };
  }

  start(): Promise<void> {
    const t = this.t;
    this.root.replaceChildren(
      h('header', { class: 'top' }, h('h1', {}, t.t('title')), h('nav', { 'aria-label': t.t('nav.label') }, this.nav.queue, this.nav.figures)),
      this.alert,
      this.status,
      this.view,
    );
    return this.show('queue', false);
  }

  private setSection(section: Section): void {
    this.section = section;
    for (const [name, el] of Object.entries(this.nav)) {
      if (name === section) el.setAttribute('aria-current', 'page');
      else el.removeAttribute('aria-current');
    }
  }

  private render(content: HTMLElement, focus: boolean): void {
    this.view.replaceChildren(content);
    if (focus) content.querySelector<HTMLElement>('.view-heading')?.focus();
  }

  private notify(key: string, vars?: Record<string, string>): void {
    this.alert.replaceChildren();
    this.status.textContent = this.t.t(key, vars);
  }

  private fail(error: unknown, retry?: () => void): void {
    this.status.textContent = '';
    const message = h('p', {}, this.t.t(errorKey(error)));
    if (retry) this.alert.replaceChildren(message, button(this.t.t('errors.retry'), () => retry(), { class: 'secondary' }));
    else this.alert.replaceChildren(message);
  }

  private clearMessages(): void {
    this.status.textContent = '';
    this.alert.replaceChildren();
  }

  async show(section: Section, focus = true): Promise<void> {
    this.setSection(section);
    this.clearMessages();
    if (section === 'queue') await this.loadQueue(focus);
    else await this.loadFigures(this.period, focus);
  }

  // --- queue ---

  private queueHandlers(): QueueHandlers {
    return {
      onFilter: (filter) => {
        this.filter = filter;
        void this.loadQueue(false, true);
      },
      onRefresh: () => void this.loadQueue(false, true),
      onOpen: (id) => void this.openSignal(id),
      onClaim: (item) => void this.claimFromRow(item),
    };
  }

  private async loadQueue(focus: boolean, announce = false, focusOpen?: string): Promise<void> {
    const handlers = this.queueHandlers();
    this.render(queueView(this.t, this.filter, undefined, handlers, this.now()), focus);
    let queue: Queue;
    try {
      queue = await this.api.queue(this.filter);
    } catch (error) {
      this.fail(error, () => void this.loadQueue(true));
      return;
    }
    const hadFocus = this.view.contains(document.activeElement) ? (document.activeElement as HTMLElement).tagName : undefined;
    this.render(queueView(this.t, this.filter, queue, handlers, this.now()), focus && !focusOpen);
    if (focusOpen) this.view.querySelector<HTMLElement>(`[data-open="${CSS.escape(focusOpen)}"]`)?.focus();
    else if (hadFocus === 'SELECT') this.view.querySelector<HTMLElement>('select')?.focus();
    if (announce) this.notify('notices.loaded');
  }

  private async claimFromRow(item: QueueItem): Promise<void> {
    try {
      const signal = await this.api.act(item.id, { action: 'claim' });
      if (!signal) {
        await this.loadQueue(false);
        return;
      }
      const row = this.view.querySelector<HTMLTableRowElement>(`tr[data-signal="${CSS.escape(item.id)}"]`);
      if (row) {
        const next = queueRow(this.t, signal, this.queueHandlers(), this.now());
        row.replaceWith(next);
        next.querySelector<HTMLElement>('[data-open]')?.focus();
      }
      this.notify('notices.claimed', { reference: signal.reference });
    } catch (error) {
      this.fail(error);
      if (error instanceof ApiError && (error.code === 'ALREADY_CLAIMED' || error.code === 'CONFLICT')) await this.loadQueue(false);
    }
  }

  // --- detail ---

  private async openSignal(id: string): Promise<void> {
    this.clearMessages();
    let signal: SignalDetail;
    try {
      signal = await this.api.signal(id);
    } catch (error) {
      this.fail(error);
      return;
    }
    this.renderDetail(signal);
  }

  private renderDetail(signal: SignalDetail): void {
    this.render(
      detailView(this.t, signal, {
        onBack: () => {
          this.clearMessages();
          void this.loadQueue(false, false, signal.id);
        },
        onAction: (request) => void this.act(signal, request),
      }),
      true,
    );
  }

  private async act(signal: SignalDetail, request: ActionRequest): Promise<void> {
    try {
      const next = await this.api.act(signal.id, request);
      const to = request.action === 'forward' ? (signal.forwardTargets.find((s) => s.id === request.to)?.name ?? request.to) : '';
      // Forwarded to another signaalpunt: this team no longer sees it, so back to the queue.
      if (next) this.renderDetail(next);
      else await this.loadQueue(true);
      this.notify(DONE_NOTICE[request.action], { reference: signal.reference, to });
    } catch (error) {
      if (error instanceof ApiError && ['ALREADY_CLAIMED', 'CONFLICT', 'TRANSITION_NOT_ALLOWED', 'SIGNAL_CLOSED'].includes(error.code)) {
        // Someone else changed it: show the latest state, then say why the action did not happen.
        await this.openSignal(signal.id);
      }
      this.fail(error);
    }
  }

  // --- figures ---

  private async loadFigures(period: Period, focus: boolean): Promise<void> {
    this.period = period;
    const handlers = {
      onPeriod: (p: Period) => void this.loadFigures(p, false),
      onCsv: (p: Period) => void this.downloadCsv(p),
    };
    this.render(figuresView(this.t, period, undefined, handlers), focus);
    try {
      const figures = await this.api.figures(period.from, period.to);
      if (this.section !== 'figures') return;
      this.render(figuresView(this.t, period, figures, handlers), focus);
    } catch (error) {
      this.fail(error, () => void this.loadFigures(period, true));
    }
  }

  private async downloadCsv(period: Period): Promise<void> {
    try {
      const { blob, fileName } = await this.api.figuresCsv(period.from, period.to);
      const url = URL.createObjectURL(blob);
      const link = h('a', { href: url, download: fileName, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
      this.notify('figures.csvDone');
    } catch (error) {
      this.fail(error);
    }
  }
}
