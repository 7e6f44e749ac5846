import type { Logger } from '../ports/logger';
import type { AuditEntry, AuditLog, LinkCode, SignalSummary } from '../ports/signals';
import { auditActor } from './audit-actor';

/** History actions that have an audit line of their own (`signal.<action>`). */
const AUDITED = new Set(['created', 'claim', 'release', 'note', 'forward', 'close', 'personalErased']);

export interface AuditRepairDeps {
  signals: { summaries(): Promise<SignalSummary[]> };
  links: { usedCodes(): Promise<LinkCode[]> };
  audit: AuditLog;
  logger: Logger;
}

/**
 * Makes sure no change exists without its audit line (issue 13, item 3).
 *
 * The change and its audit line live in two files, so a kill between the two writes loses the
 * line. But each change is written together with what the line needs: a signal's history entry
 * (who, what, when) is part of the same write as the change, and a used link code carries its
 * time and purpose in the same write as the link. At start the audit file is compared with them,
 * and each missing line is written from the record, marked `detail: recovered`.
 * @returns how many lines were added
 */
export async function repairAuditTrail(deps: AuditRepairDeps): Promise<number> {
  const entries = await deps.audit.list();
  const counts = new Map<string, number>();
  const count = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  for (const e of entries) if (e.signalId) count(`${e.signalId}|${e.action}`);
  const missing: AuditEntry[] = [];

  for (const signal of await deps.signals.summaries()) {
    const seen = new Map<string, number>();
    for (const h of signal.history) {
      if (!AUDITED.has(h.action)) continue;
      const action = `signal.${h.action}`;
      const n = (seen.get(action) ?? 0) + 1;
      seen.set(action, n);
      if (n <= (counts.get(`${signal.id}|${action}`) ?? 0)) continue;
      const actor = h.by.kind === 'teamMember' ? auditActor(h.by.id) : h.by.kind;
      missing.push({ at: h.at, action, actor, signalId: signal.id, signaalpuntId: signalpuntAt(signal, h.at), detail: 'recovered' });
    }
  }

  for (const code of await deps.links.usedCodes()) {
    const action = code.purpose === 'link' ? 'link.saved' : 'link.removed';
    const usedAt = code.usedAt ?? '';
    const found = entries.some((e) => e.action === action && e.signaalpuntId === code.signaalpuntId && e.at >= usedAt);
    if (!found) missing.push({ at: usedAt, action, actor: 'unknown', signaalpuntId: code.signaalpuntId, detail: 'recovered' });
  }

  missing.sort((a, b) => a.at.localeCompare(b.at));
  for (const entry of missing) await deps.audit.append(entry);
  if (missing.length > 0) deps.logger.warn({ code: 'AUDIT_RECOVERED', count: missing.length }, 'audit lines written from the records after an interrupted write');
  return missing.length;
}

/** The signaalpunt a signal belonged to at a moment of its history (forwards move it). */
function signalpuntAt(signal: SignalSummary, at: string): string {
  let current = signal.history.find((h) => h.action === 'forward')?.fromSignaalpunt ?? signal.signaalpuntId;
  for (const h of signal.history) {
    if (h.at > at) break;
    if (h.action === 'forward' && h.toSignaalpunt) current = h.toSignaalpunt;
  }
  return current;
}
