import type { Signal } from '../../src/domain/signal';
import { groupSigns } from '../../src/domain/signs';
import type { Translator } from '../../src/ports/translator';
import signalTemplate from './signal-card.json';
import { type AdaptiveCard, expandTemplate } from '../template';
import { escapeCardText } from '../text-safety';

export interface SignalCardInput {
  signal: Signal;
  /** Names of the signaalpunten, for the "forward to" choice and the history. */
  signaalpunten: ReadonlyArray<{ id: string; name: string; active: boolean }>;
  /**
   * False for a card that stays behind in a channel the signal was forwarded away from:
   * that team no longer sees the person's details.
   */
  showPersonal: boolean;
  /** A short line above the facts, e.g. "someone else claimed this just before you". */
  notice?: string;
}


function day(iso: string): string {
  return iso.slice(0, 10);
}

/** A calendar date as people read it in the team's language: "vr 5 mrt 2027", "Fri 5 Mar 2027". */
function longDay(t: Translator, date: string): string {
  const parsed = new Date(`${date.slice(0, 10)}T12:00:00Z`);
  if (Number.isNaN(parsed.getTime())) return date;
  return new Intl.DateTimeFormat(t.tag, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(parsed);
}

/** "4381AB" as it is written: "4381 AB". */
function postcodeText(postcode6: string | undefined): string | undefined {
  return postcode6 && /^\d{4}[A-Z]{2}$/.test(postcode6) ? `${postcode6.slice(0, 4)} ${postcode6.slice(4)}` : postcode6;
}

/** A moment in the same style as the dates, in Dutch local time (stored times are UTC): "vr 4 dec 2026 11:38". */
function time(t: Translator, iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .formatToParts(at)
    .reduce<Record<string, string>>((all, p) => ({ ...all, [p.type]: p.value }), {});
  return `${longDay(t, `${parts.year}-${parts.month}-${parts.day}`)} ${parts.hour}:${parts.minute}`;
}

/** Who did it, as the team knows them: the name Teams gave when they acted; "een teamlid" when unknown or erased. */
function byWhom(t: Translator, signal: Signal, id: string | undefined): string {
  const name = id ? signal.personal.staffNames?.[id] : undefined;
  return name ? escapeCardText(name) : t.t('team:someone');
}

/** Everything the team card shows, in the team's language; user-typed values escaped. */
export function signalCardView(t: Translator, input: SignalCardInput) {
  const { signal } = input;
  const name = (id?: string) => input.signaalpunten.find((s) => s.id === id)?.name ?? id ?? '';
  const moved = !input.showPersonal;
  const last = (action: string) => [...signal.history].reverse().find((h) => h.action === action);
  const claimed = last('claim');
  const closed = last('close');
  const statusLine = moved
    ? t.t('team:status.forwardedAway', { to: name(signal.signaalpuntId) })
    : signal.status === 'closed' && signal.outcome
      ? t.t('team:status.closedBy', { outcome: t.t(`team:outcomes.${signal.outcome}`), by: byWhom(t, signal, closed?.by.id), at: closed ? time(t, closed.at) : '' })
      : signal.status === 'claimed' && claimed
        ? t.t('team:status.claimedBy', { by: byWhom(t, signal, claimed.by.id), at: time(t, claimed.at) })
        : t.t(`team:status.${signal.status}`);
  const personal = signal.personal;
  const personalFacts = [
    ['personName', personal.personName],
    ['personContact', personal.personContact],
    // "Adres" only for a real address; a postcode alone is labelled as one.
    [personal.houseNumber ? 'address' : 'postcode6', [postcodeText(personal.postcode6), personal.houseNumber].filter(Boolean).join(' ') || undefined],
    ['note', personal.note],
    ['reporterName', personal.reporterName],
    ['reporterOrganisation', personal.reporterOrganisation],
    ['reporterContact', personal.reporterContact],
  ]
    .filter((f): f is [string, string] => typeof f[1] === 'string' && f[1].length > 0)
    .map(([key, value]) => ({ label: t.t(`team:personal.${key}`), value: escapeCardText(value) }));
  const active = !moved && signal.status !== 'closed';
  return {
    signalId: signal.id,
    title: t.t('team:title', { reference: signal.reference }),
    statusLine,
    // The host's own text colour: readable (4.5:1 or more) in light, dark and high-contrast themes.
    statusColor: 'Default',
    notice: input.notice ?? (signal.personalErasedAt ? t.t('team:erased') : ''),
    facts: [
      { label: t.t('team:facts.ageGroup'), value: t.t(`team:ageGroups.${signal.ageGroup}`) },
      { label: t.t('team:facts.postcode'), value: signal.postcode4 || '-' },
      { label: t.t('team:facts.deadline'), value: longDay(t, signal.deadline) },
      { label: t.t('team:facts.created'), value: time(t, signal.createdAt) },
      { label: t.t('team:facts.about'), value: t.t(`team:about.${signal.about}`) },
      { label: t.t('team:facts.consent'), value: t.t(signal.consent ? 'team:yes' : 'team:no') },
      { label: t.t('team:facts.informed'), value: t.t(signal.informed ? 'team:yes' : 'team:no') },
      { label: t.t('team:facts.sector'), value: t.t(`team:sectors.${signal.reporterSector}`) },
      { label: t.t('team:facts.relation'), value: t.t(`team:relations.${signal.relation}`) },
      { label: t.t('team:facts.feedback'), value: t.t(signal.wantsFeedback ? 'team:yes' : 'team:no') },
    ],
    observedTitle: t.t('team:observedTitle'),
    observed: groupSigns(signal.signs).map(
      // The team's own group names: the reporter's "Wat u van buiten ziet" is not said to the team.
      (g) => `${t.t(`team:signGroups.${g.group}`)}: ${g.signs.map((s) => t.t(`content:signs.${g.group}.items.${s}`)).join(', ')}`,
    ),
    showPersonal: input.showPersonal && personalFacts.length > 0,
    personalTitle: t.t('team:personalTitle'),
    personalHint: t.t('team:personalHint'),
    personal: personalFacts,
    notesTitle: t.t('team:notesTitle'),
    notes: input.showPersonal ? signal.notes.map((n) => escapeCardText(n)) : [],
    historyTitle: t.t('team:historyTitle'),
    history: signal.history.slice(-6).map((h) =>
      t.t(`team:history.${h.action}`, {
        at: time(t, h.at),
        to: name(h.toSignaalpunt),
        outcome: h.outcome ? t.t(`team:outcomes.${h.outcome}`) : '',
        by: h.by.kind === 'teamMember' ? byWhom(t, signal, h.by.id) : '',
      }),
    ),
    canClaim: active && signal.status === 'new',
    canRelease: active && signal.status === 'claimed',
    canNote: active,
    canForward: active && input.signaalpunten.some((s) => s.active && s.id !== signal.signaalpuntId),
    canClose: active && signal.status === 'claimed',
    forwardOptions: input.signaalpunten.filter((s) => s.active && s.id !== signal.signaalpuntId).map((s) => ({ title: s.name, value: s.id })),
    outcomeOptions: (['contactMade', 'referred', 'notReachable', 'noFollowUpWanted'] as const).map((o) => ({ title: t.t(`team:outcomes.${o}`), value: o })),
    buttons: {
      claim: t.t('team:buttons.claim'),
      release: t.t('team:buttons.release'),
      note: t.t('team:buttons.note'),
      saveNote: t.t('team:buttons.saveNote'),
      forward: t.t('team:buttons.forward'),
      forwardConfirm: t.t('team:buttons.forwardConfirm'),
      close: t.t('team:buttons.close'),
      closeConfirm: t.t('team:buttons.closeConfirm'),
    },
    labels: {
      note: t.t('team:labels.note'),
      noteError: t.t('team:labels.noteError'),
      forwardTo: t.t('team:labels.forwardTo'),
      forwardError: t.t('team:labels.forwardError'),
      outcome: t.t('team:labels.outcome'),
      outcomeError: t.t('team:labels.outcomeError'),
    },
    deadlineDay: day(signal.deadline),
  };
}

/** Plain text of the team card (its fallbackText, and the e-mail body's core). */
export function signalCardText(t: Translator, input: SignalCardInput): string {
  const v = signalCardView(t, input);
  return [
    v.title,
    v.statusLine,
    ...v.facts.map((f) => `${f.label}: ${f.value}`),
    v.observedTitle,
    ...v.observed,
    ...(v.showPersonal ? [v.personalTitle, ...v.personal.map((p) => `${p.label}: ${p.value}`)] : []),
  ].join('\n');
}

/**
 * The card's `fallbackText`: title, status and notice only. It is shown in notifications and kept
 * in places the bot cannot update (activity feeds, compliance copies), so it carries no personal
 * details, notes or signs.
 */
export function signalCardFallback(t: Translator, input: SignalCardInput): string {
  const v = signalCardView(t, input);
  return [v.title, v.statusLine, v.notice].filter(Boolean).join('\n');
}

/** The team's card for one signal, with Action.Execute buttons that update it in place. */
export function renderSignalCard(t: Translator, input: SignalCardInput): AdaptiveCard {
  return expandTemplate(signalTemplate, { ...signalCardView(t, input), fallbackText: signalCardFallback(t, input) });
}
