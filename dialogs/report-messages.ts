import type { TurnContext } from 'botbuilder';
import { REPORT_FIELDS } from '../src/application/report-draft';
import type { SignaalpuntContact } from '../src/domain/routing';
import type { Translator } from '../src/ports/translator';
import { translatorOf } from './turn-context';

/** Fields of the draft the use case may name when it refuses one; each has words in `report:summary.fields`. */
const DRAFT_FIELDS: ReadonlySet<string> = new Set(REPORT_FIELDS);

/** "2026-03-03" as "dinsdag 3 maart" / "Tuesday, March 3"; anything else as it came. */
export function formatDeadline(deadline: string, tag: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(deadline);
  if (!match) return deadline;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 12));
  return new Intl.DateTimeFormat(tag, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(date);
}

/** How to reach the signaalpunt (its configured contact), or the municipality when none is configured. */
export function contactLine(t: Translator, result: { reference: string; signaalpuntName: string; contact?: SignaalpuntContact | undefined }): string {
  const { reference, contact } = result;
  const ways = contact
    ? [
        ...(contact.phone ? [t.t('report:done.how.phone', { phone: contact.phone })] : []),
        ...(contact.email ? [t.t('report:done.how.email', { email: contact.email })] : []),
        ...(contact.url ? [t.t('report:done.how.url', { url: contact.url })] : []),
      ]
    : [];
  if (ways.length === 0) return t.t('report:done.contactUnknown', { reference });
  return t.t('report:done.contact', { signaalpunt: result.signaalpuntName, how: ways.join(t.t('report:done.how.or')), reference });
}

/** The reference, who picks it up and by when, hearing back, how to ask for the status, how to reach the signaalpunt. */
export async function sendDone(
  context: TurnContext,
  result: { reference: string; signaalpuntName: string; deadline: string; contact?: SignaalpuntContact },
  wantsFeedback: boolean,
): Promise<void> {
  const t = translatorOf(context);
  const { reference } = result;
  const paragraphs = [
    t.t('report:done.sent', { reference }),
    t.t('report:done.next', { signaalpunt: result.signaalpuntName, deadline: formatDeadline(result.deadline, t.tag) }),
    ...(wantsFeedback ? [t.t('report:done.feedback')] : []),
    t.t('report:done.status', { reference }),
    contactLine(t, result),
  ];
  await context.sendActivity(paragraphs.join('\n\n'));
}

/** The use case refused the draft: name what to fix, in the user's words for the fields. */
export async function sendDraftInvalid(context: TurnContext, fields: readonly string[]): Promise<void> {
  const t = translatorOf(context);
  const names = fields.filter((field) => DRAFT_FIELDS.has(field)).map((field) => t.t(`report:summary.fields.${field}`));
  await context.sendActivity(names.length > 0 ? t.t('report:draftInvalid', { fields: names.join(', ') }) : t.t('report:draftInvalidUnknown'));
}
