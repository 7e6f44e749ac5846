import type { CallView, CircleSummary, CircleView, EscalationView, MemberToday } from '../../src/application/circles/circles.types';
import { ESCALATION_OUTCOMES } from '../../src/domain/circles/round';
import type { Translator } from '../../src/ports/translator';
import type { CardAction } from '../actions';
import { CIRCLE_EDIT_OPS, type CircleEditOp } from './circle-actions';
import { button, type CardButton, type CardEntry, type CircleCardSection, type CircleCardView, entryRow, section } from './circle-card';
import { formatWeekdays, keyOption, localDateTime, phoneOf, readableDate, type ScreenOption } from './circle-format';

/**
 * Indents a line under a numbered one. Card markdown drops leading spaces (and turns "1. " lines
 * into an indented list), so the indent is made of no-break spaces.
 */
export const INDENT = '\u00a0'.repeat(5);

/**
 * The screens of the call circles, already translated: the list of a chat's circles, a circle as
 * its coordinator sees it, and a member's check-in. Each gives the card's content and the options
 * a text channel numbers. `literal` is applied to everything people typed (escapeCardText for cards).
 */

type Literal = (typed: string) => string;
const asIs: Literal = (s) => s;

export interface Screen {
  view: CircleCardView;
  options: ScreenOption[];
}

const asButton = (o: ScreenOption, style: CardButton['style'] = 'default') => button(o.label, o.action, style);
const menuOption = (t: Translator) => keyOption(t, 'cards:buttons.menu', { verb: 'menu.show' });
const listOption = (t: Translator) => keyOption(t, 'circles:buttons.list', { verb: 'circle.list' });

export function circleListScreen(t: Translator, circles: readonly CircleSummary[], literal: Literal = asIs): Screen {
  const open = circles.map((c) => ({
    label: t.t('circles:list.open', { name: literal(c.name) }),
    action: { verb: 'circle.open', circleId: c.circleId } as CardAction,
  }));
  const create = keyOption(t, 'circles:list.create', { verb: 'circle.create' });
  const join = keyOption(t, 'circles:list.join', { verb: 'circle.join' });
  const menu = menuOption(t);
  const sections = circles.map((c, i) =>
    section(literal(c.name), [t.t(`circles:list.role.${c.role}`, { time: c.startTime, count: c.memberCount })], open[i] ? [asButton(open[i])] : []),
  );
  return {
    view: {
      attention: null,
      title: t.t('circles:list.title'),
      paragraphs: [t.t(circles.length > 0 ? 'circles:list.intro' : 'circles:list.none'), t.t('circles:list.explain')],
      sections,
      dial: [],
      buttons: [asButton(create, 'positive'), asButton(menu)],
      more: [
        {
          title: join.label,
          input: {
            id: 'code',
            label: t.t('circles:list.codeLabel'),
            placeholder: t.t('circles:list.codePlaceholder'),
            errorMessage: t.t('circles:input.required'),
            maxLength: 20,
          },
          buttons: [button(t.t('circles:list.joinSubmit'), { verb: 'circle.join' }, 'positive')],
        },
      ],
    },
    options: [...open, create, join, menu],
  };
}

/** "Anna belt Bert", "Carla belt de coördinator". */
export function callLine(t: Translator, call: CallView, literal: Literal = asIs): string {
  const who = (p: CallView['caller']) => (p === 'coordinator' ? t.t('circles:view.theCoordinator') : literal(p.firstName));
  if (call.caller === 'coordinator') return t.t('circles:view.coordinatorCalls', { callee: who(call.callee) });
  return t.t(call.callee === 'coordinator' ? 'circles:view.callsBack' : 'circles:view.calls', { caller: who(call.caller), callee: who(call.callee) });
}

/** The steps as card entries: numbered, with the key holder's line under the second step and its number in its own column. */
export function stepEntries(t: Translator, keyHolder?: { name: string; relation: string; phone: string }, worried = false): CardEntry[] {
  const steps = t.list(worried ? 'circles:steps.worriedLines' : 'circles:steps.lines');
  const entries: CardEntry[] = steps.map((line, i) => ({ number: `${i + 1}.`, indent: true, rows: [entryRow(line)] }));
  if (keyHolder && !worried) entries.splice(2, 0, { number: null, indent: true, rows: [entryRow(t.t('circles:view.keyHolderName', keyHolder), keyHolder.phone)] });
  return entries;
}

/** A member and the key holder, each with the phone number beside the words (never broken over two lines). */
export function memberEntry(
  t: Translator,
  number: number | null,
  m: { firstName: string; phone: string; keyHolder: { name: string; relation: string; phone: string } },
  literal: Literal,
  extra: string[] = [],
): CardEntry {
  return {
    number: number === null ? null : `${number}.`,
    indent: number !== null,
    rows: [
      entryRow(literal(m.firstName), phoneOf(m.phone).display),
      entryRow(t.t('circles:view.keyHolderName', { name: literal(m.keyHolder.name), relation: literal(m.keyHolder.relation) }), phoneOf(m.keyHolder.phone).display),
      ...extra.map((line) => entryRow(line)),
    ],
  };
}

/** Call again, the key holder, 112 when there is reason to worry, or the GP. */
export function stepLines(t: Translator, keyHolder?: { name: string; relation: string; phone: string }, worried = false): string[] {
  if (worried) return t.list('circles:steps.worriedLines').map((line, i) => `${i + 1}. ${line}`);
  const steps = t.list('circles:steps.lines');
  const lines = steps.map((line, i) => `${i + 1}. ${line}`);
  if (keyHolder) lines.splice(2, 0, `${INDENT}${t.t('circles:steps.keyHolder', keyHolder)}`);
  return lines;
}

const EDIT_MENU_OPS = CIRCLE_EDIT_OPS.filter((op) => op !== 'notReached' && op !== 'outcome');

/** The changes that make sense now: resume only what is paused; a backup or a removal only with two coordinators or more. */
function offered(op: CircleEditOp, v: CircleView): boolean {
  switch (op) {
    case 'resumeMember':
      return v.members.some((m) => m.pauses.length > 0);
    case 'resumeCircle':
      return v.pauses.length > 0;
    case 'backup':
    case 'removeCoordinator':
      return v.coordinators.length > 1;
    default:
      return true;
  }
}

/** "Herinnering: 10 minuten voor het begin." (0: when the circle starts). */
export function reminderLine(t: Translator, minutes: number): string {
  return minutes > 0 ? t.t('circles:view.reminder', { minutes }) : t.t('circles:view.reminderAtStart');
}

/** Who is told when an alert is not picked up in time: the backup, or (alone) the coordinator again. */
export function ackLine(t: Translator, minutes: number, coordinators: number): string {
  return t.t(coordinators > 1 ? 'circles:view.ackBackup' : 'circles:view.ackAlone', { minutes });
}

function escalationSection(t: Translator, v: CircleView, e: EscalationView, literal: Literal): CircleCardSection {
  const name = e.member ? literal(e.member.firstName) : '';
  const { time } = localDateTime(e.raisedAt);
  const kh = e.member?.keyHolder;
  const lines = [
    t.t('circles:view.raisedAt', { time }),
    ...(e.member ? [t.t('circles:view.memberPhone', { name, phone: phoneOf(e.member.phone).display })] : []),
    ...(kh ? [t.t('circles:view.keyHolder', { name: literal(kh.name), relation: literal(kh.relation), phone: phoneOf(kh.phone).display })] : []),
    t.t(e.acknowledged ? 'circles:view.acknowledged' : 'circles:view.notAcknowledged'),
  ];
  const ack = e.acknowledged ? [] : [button(t.t('circles:buttons.ack'), { verb: 'circle.ack', circleId: v.circleId, escalationId: e.escalationId }, 'positive')];
  const outcomes = ESCALATION_OUTCOMES.map((outcome) =>
    button(t.t(`circles:outcomes.${outcome}`), { verb: 'circle.outcome', circleId: v.circleId, escalationId: e.escalationId, outcome }),
  );
  const plain = (line: string): CardEntry => ({ number: null, indent: false, rows: [entryRow(line)] });
  const entries: CardEntry[] = [
    plain(t.t('circles:view.raisedAt', { time })),
    ...(e.member ? [memberEntry(t, null, e.member, literal)] : []),
    plain(t.t(e.acknowledged ? 'circles:view.acknowledged' : 'circles:view.notAcknowledged')),
  ];
  return { ...section(t.t(`circles:view.reason.${e.reason}`, { name }), lines, ack, { title: t.t('circles:buttons.resolve'), buttons: outcomes }), entries };
}

/** The circle as its coordinators see it today. */
export function circleViewScreen(t: Translator, v: CircleView, literal: Literal = asIs): Screen {
  const open = v.round?.escalations.filter((e) => e.outcome === undefined) ?? [];
  const roundOpen = !v.beforeRound && (v.round?.status === 'open' || (v.round === undefined && v.noRound === undefined));
  const status = v.noRound
    ? t.t(`circles:view.noRound.${v.noRound}`)
    : v.beforeRound
      ? t.t('circles:view.roundLater', { time: v.startTime })
      : v.round?.status === 'closed'
      ? t.t('circles:view.roundClosed')
      : t.t('circles:view.roundOpen', { count: v.round?.checkins ?? 0 });
  const activeMembers = v.members.filter((m) => !m.pausedToday);
  const close = { label: t.t('circles:buttons.close'), action: { verb: 'circle.close', circleId: v.circleId } as CardAction };
  const today = section(
    t.t('circles:view.todayTitle', { date: readableDate(t, v.date) }),
    [
      status,
      ...(v.noRound ? [] : v.calls.map((c) => `• ${callLine(t, c, literal)}`)),
      ...v.members.filter((m) => m.pausedToday).map((m) => t.t('circles:view.pausedToday', { name: literal(m.firstName) })),
    ],
    roundOpen && !v.noRound ? [button(close.label, close.action, 'positive')] : [],
    !v.noRound && !v.beforeRound && activeMembers.length > 0
      ? {
          title: t.t('circles:buttons.notReached'),
          buttons: activeMembers.map((m) =>
            button(t.t('circles:buttons.notReachedName', { name: literal(m.firstName) }), { verb: 'circle.notReached', circleId: v.circleId, memberId: m.memberId }),
          ),
        }
      : null,
  );
  const settings = section(t.t('circles:view.settingsTitle'), [
    t.t('circles:view.start', { time: v.startTime, days: formatWeekdays(t, v.weekdays) }),
    t.t(`circles:summary.mode.${v.mode}`),
    t.t('circles:summary.window', { minutes: v.windowMinutes }),
    reminderLine(t, v.reminderMinutes),
    ackLine(t, v.ackMinutes, v.coordinators.length),
    t.t(v.skipHolidays ? 'circles:summary.holidaysSkipped' : 'circles:summary.holidaysKept'),
    ...v.pauses.map((p) => t.t('circles:view.circlePaused', { from: readableDate(t, p.from), to: readableDate(t, p.to) })),
  ]);
  const pausesOf = (m: CircleView['members'][number]) => m.pauses.map((p) => t.t('circles:view.memberPaused', { from: readableDate(t, p.from), to: readableDate(t, p.to) }));
  const members = section(
    t.t('circles:view.membersTitle'),
    v.members.flatMap((m, i) => [
      t.t('circles:view.member', { number: i + 1, name: literal(m.firstName), phone: phoneOf(m.phone).display }),
      `${INDENT}${t.t('circles:view.keyHolder', { name: literal(m.keyHolder.name), relation: literal(m.keyHolder.relation), phone: phoneOf(m.keyHolder.phone).display })}`,
      ...pausesOf(m).map((line) => `${INDENT}${line}`),
    ]),
  );
  members.entries = v.members.map((m, i) => memberEntry(t, i + 1, m, literal, pausesOf(m)));
  const coordinatorLine = (c: CircleView['coordinators'][number]) =>
    t.t(c.isYou ? 'circles:view.coordinatorYou' : 'circles:view.coordinator', {
      name: literal(c.name),
      days: c.weekdays.length > 0 ? formatWeekdays(t, c.weekdays) : t.t('circles:view.noFixedDay'),
    });
  const isBackup = (c: CircleView['coordinators'][number]) => c.backup && v.coordinators.length > 1;
  const coordinators = section(
    t.t('circles:view.coordinatorsTitle'),
    v.coordinators.flatMap((c) => [coordinatorLine(c), ...(isBackup(c) ? [`${INDENT}${t.t('circles:view.isBackup')}`] : [])]),
  );
  coordinators.entries = v.coordinators.flatMap((c): CardEntry[] => [
    { number: null, indent: false, rows: [entryRow(coordinatorLine(c))] },
    ...(isBackup(c) ? [{ number: null, indent: true, rows: [entryRow(t.t('circles:view.isBackup'))] }] : []),
  ]);
  const edit = (op: CircleEditOp, extra: { escalationId?: string } = {}): CardAction => ({ verb: 'circle.edit', circleId: v.circleId, op, ...extra });
  const ops = EDIT_MENU_OPS.filter((op) => offered(op, v));
  const opOptions = ops.map((op) => keyOption(t, `circles:ops.${op}`, edit(op)));
  const list = listOption(t);
  const menu = menuOption(t);
  const escalationOptions = open.flatMap((e) => {
    const name = e.member ? literal(e.member.firstName) : t.t('circles:view.theCircle');
    return [
      ...(e.acknowledged ? [] : [{ label: t.t('circles:text.ack', { name }), action: { verb: 'circle.ack', circleId: v.circleId, escalationId: e.escalationId } as CardAction }]),
      { label: t.t('circles:text.resolve', { name }), action: edit('outcome', { escalationId: e.escalationId }) },
    ];
  });
  return {
    view: {
      attention: open.length > 0 ? t.t('circles:view.openEscalations', { count: open.length }) : null,
      title: t.t('circles:view.title', { name: literal(v.name) }),
      paragraphs: [],
      sections: [
        ...open.map((e) => escalationSection(t, v, e, literal)),
        today,
        { ...section(t.t('circles:steps.title'), stepLines(t)), entries: stepEntries(t) },
        members,
        settings,
        coordinators,
      ],
      dial: [],
      buttons: [asButton(list), asButton(menu)],
      more: [
        ...(!v.noRound && !v.beforeRound && activeMembers.length > 0
          ? [
              {
                title: t.t('circles:buttons.worried'),
                buttons: activeMembers.map((m) =>
                  button(t.t('circles:buttons.worriedName', { name: literal(m.firstName) }), {
                    verb: 'circle.notReached',
                    circleId: v.circleId,
                    memberId: m.memberId,
                    reason: 'worried',
                  }),
                ),
              },
            ]
          : []),
        { title: t.t('circles:buttons.edit'), buttons: opOptions.map((o) => asButton(o)) },
      ],
    },
    options: [
      ...(roundOpen && !v.noRound ? [close] : []),
      ...escalationOptions,
      ...(!v.noRound && activeMembers.length > 0 ? [keyOption(t, 'circles:buttons.notReached', edit('notReached'))] : []),
      ...opOptions,
      list,
      menu,
    ],
  };
}

export interface CheckinInput {
  today: MemberToday;
  /** The round's start, on a reminder. */
  startTime?: string;
  late?: boolean;
}

/** A member's check-in: "Alles goed", "Ik heb <naam> niet bereikt", "Ik heb hulp nodig". */
export function checkinScreen(t: Translator, input: CheckinInput, literal: Literal = asIs): Screen {
  const { today } = input;
  const checkin = (kind: 'ok' | 'needHelp'): CardAction => ({ verb: 'circle.checkin', circleId: today.circleId, kind });
  const ok = keyOption(t, 'circles:checkin.ok', checkin('ok'));
  const help = keyOption(t, 'circles:checkin.needHelp', checkin('needHelp'));
  const others = today.others.map((o) => ({
    label: t.t('circles:checkin.notReachedName', { name: literal(o.firstName) }),
    action: { verb: 'circle.checkin', circleId: today.circleId, kind: 'notReached', about: o.memberId } as CardAction,
  }));
  const worried = today.others.map((o) => ({
    label: t.t('circles:checkin.worriedName', { name: literal(o.firstName) }),
    action: { verb: 'circle.checkin', circleId: today.circleId, kind: 'worried', about: o.memberId } as CardAction,
  }));
  const callee = today.callee;
  const calls =
    callee === undefined
      ? t.t('circles:checkin.star')
      : callee === 'coordinator'
        ? t.t('circles:checkin.callCoordinator')
        : t.t('circles:checkin.call', { name: literal(callee.firstName) });
  const open = today.roundOpen;
  return {
    view: {
      attention: input.late ? t.t('circles:notices.late') : null,
      title: t.t('circles:checkin.title', { name: literal(today.circleName) }),
      paragraphs: [
        t.t('circles:checkin.hello', { name: literal(today.firstName) }),
        ...(input.startTime ? [t.t('circles:checkin.start', { time: input.startTime })] : []),
        calls,
        t.t(open ? 'circles:checkin.ask' : 'circles:checkin.roundClosed'),
      ],
      sections: [],
      dial: [],
      buttons: [...(open ? [asButton(ok, 'positive')] : []), asButton(help, 'destructive')],
      more:
        open && others.length > 0
          ? [
              { title: t.t('circles:checkin.notReached'), buttons: others.map((o) => asButton(o)) },
              { title: t.t('circles:checkin.worried'), buttons: worried.map((o) => asButton(o)) },
            ]
          : [],
    },
    options: [...(open ? [ok, ...others, ...worried] : []), help, listOption(t), menuOption(t)],
  };
}
