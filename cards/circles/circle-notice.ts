import type { CircleNotice } from '../../src/application/circles/circle-notices';
import type { CallView } from '../../src/application/circles/circles.types';
import { ESCALATION_OUTCOMES } from '../../src/domain/circles/round';
import type { Translator } from '../../src/ports/translator';
import { button, type CircleCardView, circleCardText, dialButton, renderCircleCard, section } from './circle-card';
import { clockTime, phoneOf, readableDate } from './circle-format';
import { callLine, checkinScreen, INDENT, memberEntry, stepEntries, stepLines } from './circle-screens';
import type { AdaptiveCard } from '../template';
import { escapeCardText } from '../text-safety';
import { DIAL } from '../help-numbers';

/**
 * The proactive call-circle messages (reminders, escalations, outcomes, missed events, the weekly
 * overview) as a card and as text. A text message is read on its own, with no dialog waiting for a
 * number, so its text version ends with words to type ("rond", "opgepakt", "alles goed").
 */

export interface RenderedNotice {
  /** Set when `cards` is true; its `fallbackText` is the title. */
  card?: AdaptiveCard;
  /** Always set: the text version, for channels without cards and for previews. */
  text: string;
}

type Literal = (typed: string) => string;
const asIs: Literal = (s) => s;

interface NoticeView {
  view: CircleCardView;
  hint: string;
}

const empty = (title: string): CircleCardView => ({ attention: null, title, paragraphs: [], sections: [], dial: [], buttons: [], more: [] });
const listButton = (t: Translator) => button(t.t('circles:buttons.list'), { verb: 'circle.list' });

/** The members in today's calls, once each, in order. */
function membersIn(calls: readonly CallView[]): Array<{ memberId: string; firstName: string }> {
  const seen = new Map<string, { memberId: string; firstName: string }>();
  for (const call of calls) for (const p of [call.caller, call.callee]) if (p !== 'coordinator' && !seen.has(p.memberId)) seen.set(p.memberId, p);
  return [...seen.values()];
}

function noticeView(t: Translator, notice: CircleNotice, literal: Literal): NoticeView {
  const late = t.t('circles:notices.late');
  switch (notice.kind) {
    case 'reminder': {
      if (notice.role === 'member') {
        const screen = checkinScreen(t, { today: notice.today, startTime: notice.startTime, late: notice.late }, literal);
        return { view: screen.view, hint: t.t('circles:checkin.typeHint') };
      }
      const view = empty(t.t('circles:notices.reminder.title', { name: literal(notice.circleName), time: notice.startTime }));
      view.attention = notice.late ? late : null;
      view.paragraphs = [t.t('circles:notices.reminder.text', { date: readableDate(t, notice.date) })];
      const members = membersIn(notice.calls);
      view.sections = [
        section(
          t.t('circles:notices.reminder.orderTitle'),
          [
            ...notice.calls.map((c) => `• ${callLine(t, c, literal)}`),
            ...notice.pausedToday.map((name) => t.t('circles:view.pausedToday', { name: literal(name) })),
          ],
          [],
          members.length > 0
            ? {
                title: t.t('circles:buttons.notReached'),
                buttons: members.map((m) =>
                  button(t.t('circles:buttons.notReachedName', { name: literal(m.firstName) }), { verb: 'circle.notReached', circleId: notice.circleId, memberId: m.memberId }),
                ),
              }
            : null,
        ),
      ];
      view.more = members.length > 0
        ? [
            {
              title: t.t('circles:buttons.worried'),
              buttons: members.map((m) =>
                button(t.t('circles:buttons.worriedName', { name: literal(m.firstName) }), { verb: 'circle.notReached', circleId: notice.circleId, memberId: m.memberId, reason: 'worried' }),
              ),
            },
          ]
        : [];
      view.buttons = [
        button(t.t('circles:buttons.close'), { verb: 'circle.close', circleId: notice.circleId, date: notice.date }, 'positive'),
        button(t.t('circles:buttons.open'), { verb: 'circle.open', circleId: notice.circleId }),
      ];
      return { view, hint: t.t('circles:notices.reminder.typeHint') };
    }
    case 'escalation': {
      const name = notice.member ? literal(notice.member.firstName) : '';
      const view = empty(t.t(`circles:notices.escalation.title.${notice.reason}`, { name, circle: literal(notice.circleName) }));
      view.attention = [notice.late ? late : undefined, notice.role === 'backup' ? t.t('circles:notices.escalation.backup', { minutes: notice.ackMinutes }) : undefined]
        .filter((s): s is string => s !== undefined)
        .join(' ') || null;
      const by = notice.raisedBy;
      view.paragraphs = [
        by === 'scheduler'
          ? t.t('circles:notices.escalation.byScheduler', { start: notice.startTime, deadline: clockTime(notice.deadline) })
          : by === 'you'
            ? t.t('circles:notices.escalation.byYou')
            : by === 'coordinator'
              ? t.t('circles:notices.escalation.byCoordinator')
              : t.t('circles:notices.escalation.byMember', { name: literal(by.firstName) }),
        notice.acknowledged ? t.t('circles:notices.escalation.acked') : t.t('circles:notices.escalation.ackAsk', { minutes: notice.ackMinutes }),
      ];
      const member = notice.member;
      const phone = member ? phoneOf(member.phone) : undefined;
      const kh = member ? { name: literal(member.keyHolder.name), relation: literal(member.keyHolder.relation), phone: phoneOf(member.keyHolder.phone) } : undefined;
      view.sections = [
        ...(member && phone && kh
          ? [
              {
                ...section(t.t('circles:notices.escalation.memberTitle', { name }), [
                  t.t('circles:view.memberPhone', { name, phone: phone.display }),
                  t.t('circles:view.keyHolder', { name: kh.name, relation: kh.relation, phone: kh.phone.display }),
                ]),
                entries: [memberEntry(t, null, member, literal)],
              },
            ]
          : []),
        notice.reason === 'worried'
          ? { ...section(t.t('circles:steps.worriedTitle'), stepLines(t, undefined, true)), entries: stepEntries(t, undefined, true) }
          : {
              ...section(t.t('circles:steps.title'), stepLines(t, kh ? { name: kh.name, relation: kh.relation, phone: kh.phone.display } : undefined)),
              entries: stepEntries(t, kh ? { name: kh.name, relation: kh.relation, phone: kh.phone.display } : undefined),
            },
      ];
      view.dial = [
        ...(phone?.e164 ? [dialButton(t, name, phone.e164)] : []),
        ...(kh?.phone.e164 ? [dialButton(t, kh.name, kh.phone.e164)] : []),
        dialButton(t, DIAL.acute112?.display ?? '', '112'),
      ];
      const ids = { circleId: notice.circleId, escalationId: notice.escalationId };
      // From the alert card, "Ik pak het op" updates this card in place where the channel allows.
      view.buttons = notice.acknowledged ? [] : [button(t.t('circles:buttons.ack'), { verb: 'circle.ack', ...ids, from: 'alert' }, 'positive')];
      view.more = [
        {
          title: t.t('circles:buttons.resolve'),
          buttons: ESCALATION_OUTCOMES.map((outcome) => button(t.t(`circles:outcomes.${outcome}`), { verb: 'circle.outcome', ...ids, outcome })),
        },
      ];
      return { view, hint: t.t(notice.acknowledged ? 'circles:notices.escalation.typeHintAcked' : 'circles:notices.escalation.typeHint') };
    }
    case 'resolved': {
      const view = empty(t.t('circles:notices.resolved.title', { name: literal(notice.circleName) }));
      view.paragraphs = [
        ...(notice.memberFirstName ? [t.t('circles:notices.resolved.about', { name: literal(notice.memberFirstName) })] : []),
        t.t(`circles:outcomeDone.${notice.outcome}`),
        t.t('circles:notices.resolved.thanks'),
      ];
      view.buttons = [listButton(t)];
      return { view, hint: t.t('circles:notices.openHint') };
    }
    case 'coordinatorJoined': {
      const view = empty(t.t('circles:notices.coordinatorJoined.title', { name: literal(notice.circleName) }));
      view.attention = t.t('circles:notices.coordinatorJoined.check');
      view.paragraphs = [t.t('circles:notices.coordinatorJoined.text', { person: literal(notice.coordinatorName || '?') })];
      view.buttons = [button(t.t('circles:buttons.list'), { verb: 'circle.open', circleId: notice.circleId })];
      return { view, hint: t.t('circles:notices.openHint') };
    }
    case 'coordinatorRequest': {
      const view = empty(t.t('circles:notices.coordinatorRequest.title', { name: literal(notice.circleName) }));
      view.attention = t.t('circles:notices.coordinatorRequest.ask');
      view.paragraphs = [t.t('circles:notices.coordinatorRequest.text', { person: literal(notice.candidateName || '?') })];
      const decide = (decision: 'approve' | 'refuse') => ({ verb: 'circle.approve' as const, circleId: notice.circleId, candidate: notice.candidateKey, decision });
      view.buttons = [
        button(t.t('circles:buttons.approveCoordinator'), decide('approve'), 'positive'),
        button(t.t('circles:buttons.refuseCoordinator'), decide('refuse'), 'destructive'),
      ];
      return { view, hint: t.t('circles:notices.coordinatorRequest.typeHint') };
    }
    case 'coordinatorApproved': {
      const view = empty(t.t('circles:notices.coordinatorApproved.title', { name: literal(notice.circleName) }));
      view.paragraphs = [t.t('circles:notices.coordinatorApproved.text')];
      view.buttons = [button(t.t('circles:buttons.list'), { verb: 'circle.open', circleId: notice.circleId })];
      return { view, hint: t.t('circles:notices.openHint') };
    }
    case 'coordinatorRefused': {
      const view = empty(t.t('circles:notices.coordinatorRefused.title', { name: literal(notice.circleName) }));
      view.paragraphs = [t.t('circles:notices.coordinatorRefused.text')];
      view.buttons = [listButton(t)];
      return { view, hint: t.t('circles:notices.openHint') };
    }
    case 'missed': {
      const view = empty(t.t('circles:notices.missed.title', { name: literal(notice.circleName) }));
      view.paragraphs = [
        t.t(`circles:notices.missed.${notice.event}`, { date: readableDate(t, notice.date), time: clockTime(notice.time) }),
        t.t('circles:notices.missed.sorry'),
      ];
      view.buttons = [listButton(t)];
      return { view, hint: t.t('circles:notices.openHint') };
    }
    case 'notSent': {
      const view = empty(t.t('circles:notices.notSent.title', { name: literal(notice.circleName) }));
      view.paragraphs = notice.memberFirstName
        ? [
            t.t('circles:notices.notSent.member', { name: literal(notice.memberFirstName), date: readableDate(t, notice.date) }),
            t.t('circles:notices.notSent.callMember', { name: literal(notice.memberFirstName) }),
          ]
        : [t.t('circles:notices.notSent.coordinator', { date: readableDate(t, notice.date) }), t.t('circles:notices.notSent.checkCircle')];
      view.buttons = [listButton(t)];
      return { view, hint: t.t('circles:notices.openHint') };
    }
    case 'weekly': {
      const f = notice.figures;
      const view = empty(t.t('circles:notices.weekly.title', { name: literal(notice.circleName) }));
      view.paragraphs = [t.t('circles:notices.weekly.period', { from: readableDate(t, notice.weekStart), to: readableDate(t, notice.weekEnd) })];
      const outcomes = [...ESCALATION_OUTCOMES, 'open' as const]
        .filter((o) => (f.outcomes[o] ?? 0) > 0)
        .map((o) => `${INDENT}${t.t('circles:notices.weekly.outcome', { outcome: t.t(`circles:outcomes.${o}`), count: f.outcomes[o] ?? 0 })}`);
      view.sections = [
        section(null, [
          t.t('circles:notices.weekly.rounds', { count: f.rounds }),
          t.t('circles:notices.weekly.closed', { count: f.closed }),
          t.t('circles:notices.weekly.closedLate', { count: f.closedLate }),
          t.t('circles:notices.weekly.notClosed', { count: f.notClosed }),
          t.t('circles:notices.weekly.escalations', { count: f.escalations }),
          ...outcomes,
          ...(f.missedEvents > 0 ? [t.t('circles:notices.weekly.missed', { count: f.missedEvents })] : []),
        ]),
      ];
      view.buttons = [listButton(t)];
      return { view, hint: t.t('circles:notices.openHint') };
    }
  }
}

/**
 * A call-circle message for one chat in that chat's language. `cards`: whether the chat's channel
 * renders Adaptive Cards (msteams, webchat, directline, emulator). Every button sends a
 * `circle.*` action the root dialog handles with no dialog waiting.
 */
export function renderCircleNotice(t: Translator, notice: CircleNotice, cards: boolean): RenderedNotice {
  const plain = noticeView(t, notice, asIs);
  const text = circleCardText(plain.view, { hint: plain.hint });
  if (!cards) return { text };
  return { card: renderCircleCard(noticeView(t, notice, escapeCardText).view), text };
}
