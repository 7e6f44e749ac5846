/** One signal: its facts, what was seen, personal details (team only), history, and the actions. */
import { TEAM_NOTE_MAX_LENGTH } from '../domain/signal-status';
import { OUTCOMES } from '../domain/signal';
import { SIGN_GROUP_IDS, SIGN_GROUPS } from '../domain/signs';
import type { ActionRequest } from './api-client';
import type { SignalDetail } from './api-schemas';
import { button, h, uid } from './dom';
import { formatDate, formatDateTime } from './format';
import type { Translate } from './i18n';

export interface DetailHandlers {
  onBack(): void;
  onAction(request: ActionRequest): void;
}

function word(t: Translate, key: string, fallback: string): string {
  return t.has(key) ? t.t(key) : fallback;
}

function yesNo(t: Translate, value: boolean): string {
  return t.t(value ? 'team:yes' : 'team:no');
}

function facts(t: Translate, rows: ReadonlyArray<readonly [string, string]>): HTMLDListElement {
  return h(
    'dl',
    { class: 'facts' },
    rows.map(([label, value]) => h('div', {}, h('dt', {}, label), h('dd', {}, value))),
  );
}

function section(title: string, ...content: Array<Node | null>): HTMLElement {
  const id = uid('section');
  return h('section', { class: 'card', 'aria-labelledby': id }, h('h3', { id }, title), ...content);
}

function observed(t: Translate, signs: readonly string[]): HTMLElement {
  const seen = new Set(signs);
  const groups = SIGN_GROUP_IDS.map((group) => ({ group, items: (SIGN_GROUPS[group] as readonly string[]).filter((s) => seen.has(s)) })).filter(
    (g) => g.items.length > 0,
  );
  if (groups.length === 0) return h('p', {}, t.t('detail.noSigns'));
  return h(
    'ul',
    { class: 'plain' },
    groups.map((g) =>
      h('li', {}, h('strong', {}, `${t.t(`signGroups.${g.group}`)}: `), g.items.map((s) => t.t(`content:signs.${g.group}.items.${s}`)).join(', ')),
    ),
  );
}

function personal(t: Translate, signal: SignalDetail): HTMLElement | null {
  const p = signal.personal;
  const rows = [
    ['personName', p.personName],
    ['personContact', p.personContact],
    ['address', [p.postcode6, p.houseNumber].filter(Boolean).join(' ') || undefined],
    ['note', p.note],
    ['reporterName', p.reporterName],
    ['reporterOrganisation', p.reporterOrganisation],
    ['reporterContact', p.reporterContact],
  ].filter((r): r is [string, string] => typeof r[1] === 'string' && r[1].length > 0);
  if (rows.length === 0) return null;
  return section(
    t.t('team:personalTitle'),
    h('p', { class: 'hint' }, t.t('team:personalHint')),
    facts(
      t,
      rows.map(([key, value]) => [t.t(`team:personal.${key}`), value] as const),
    ),
  );
}

function history(t: Translate, signal: SignalDetail): HTMLElement {
  const name = (id: string | undefined) => signal.forwardTargets.find((s) => s.id === id)?.name ?? id ?? '';
  return h(
    'ol',
    { class: 'history' },
    signal.history.map((line) => {
      const key = `team:history.${line.action}`;
      const text = t.has(key)
        ? t.t(key, {
            at: formatDateTime(line.at, t.tag),
            to: name(line.toSignaalpunt),
            outcome: line.outcome ? word(t, `team:outcomes.${line.outcome}`, line.outcome) : '',
            // The tab's history carries no names (yet): the same words as the card without one.
            by: word(t, 'team:someone', ''),
          })
        : `${formatDateTime(line.at, t.tag)} ${line.action}`;
      return h('li', {}, text, line.note ? h('blockquote', { class: 'note' }, line.note) : null);
    }),
  );
}

/** A small form with one required field; shows the field's error instead of sending an empty value. */
function actionForm(
  t: Translate,
  title: string,
  field: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement,
  label: string,
  errorText: string,
  submitLabel: string,
  submit: (value: string) => void,
): HTMLFormElement {
  const headingId = uid('action');
  const errorId = uid('error');
  field.id = uid('field');
  field.setAttribute('aria-describedby', errorId);
  const error = h('p', { id: errorId, class: 'field-error', hidden: true }, errorText);
  const form = h(
    'form',
    { class: 'action-form', 'aria-labelledby': headingId, novalidate: true },
    h('h4', { id: headingId }, title),
    h('label', { for: field.id }, label),
    field,
    error,
    h('button', { type: 'submit', class: 'secondary' }, submitLabel),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = field.value.trim();
    const invalid = value === '';
    error.hidden = !invalid;
    field.setAttribute('aria-invalid', String(invalid));
    if (invalid) {
      field.focus();
      return;
    }
    submit(value);
  });
  return form;
}

function choices(t: Translate, options: ReadonlyArray<{ value: string; label: string }>): HTMLSelectElement {
  return h('select', { required: true }, h('option', { value: '' }, t.t('detail.chooseOne')), options.map((o) => h('option', { value: o.value }, o.label)));
}

function actions(t: Translate, signal: SignalDetail, handlers: DetailHandlers): HTMLElement {
  const allowed = new Set(signal.allowedActions);
  const parts: HTMLElement[] = [];
  const buttons = h('div', { class: 'button-row' });
  if (allowed.has('claim')) buttons.append(button(t.t('team:buttons.claim'), () => handlers.onAction({ action: 'claim' }), { class: 'primary' }));
  if (allowed.has('release')) buttons.append(button(t.t('team:buttons.release'), () => handlers.onAction({ action: 'release' }), { class: 'secondary' }));
  if (buttons.childElementCount > 0) parts.push(buttons);

  if (allowed.has('close')) {
    const outcomes = OUTCOMES.map((o) => ({ value: o, label: t.t(`team:outcomes.${o}`) }));
    parts.push(
      actionForm(t, t.t('team:buttons.close'), choices(t, outcomes), t.t('team:labels.outcome'), t.t('team:labels.outcomeError'), t.t('team:buttons.closeConfirm'), (outcome) =>
        handlers.onAction({ action: 'close', outcome }),
      ),
    );
  }
  if (allowed.has('note')) {
    const text = h('textarea', { rows: 3, maxlength: TEAM_NOTE_MAX_LENGTH });
    parts.push(
      actionForm(t, t.t('team:buttons.note'), text, t.t('team:labels.note'), t.t('team:labels.noteError'), t.t('team:buttons.saveNote'), (value) =>
        handlers.onAction({ action: 'note', text: value }),
      ),
    );
  }
  if (allowed.has('forward')) {
    if (signal.forwardTargets.length === 0) parts.push(h('p', { class: 'hint' }, t.t('detail.forwardNone')));
    else {
      const targets = signal.forwardTargets.map((s) => ({ value: s.id, label: s.name }));
      parts.push(
        actionForm(t, t.t('team:buttons.forward'), choices(t, targets), t.t('team:labels.forwardTo'), t.t('team:labels.forwardError'), t.t('team:buttons.forwardConfirm'), (to) =>
          handlers.onAction({ action: 'forward', to }),
        ),
      );
    }
  }
  if (parts.length === 0) parts.push(h('p', {}, t.t('detail.noActions')));
  return section(t.t('detail.actionsTitle'), ...parts);
}

export function detailView(t: Translate, signal: SignalDetail, handlers: DetailHandlers): HTMLElement {
  const status =
    signal.status === 'closed' && signal.outcome
      ? t.t('team:status.closedWith', { outcome: word(t, `team:outcomes.${signal.outcome}`, signal.outcome) })
      : t.t(`team:status.${signal.status}`);
  return h(
    'section',
    { class: 'view detail', 'data-signal': signal.id },
    button(['← ', t.t('detail.back')], () => handlers.onBack(), { class: 'link-button back' }),
    h('h2', { tabindex: -1, class: 'view-heading' }, t.t('team:title', { reference: signal.reference })),
    h(
      'p',
      { class: 'status-line' },
      h('strong', {}, status),
      signal.overdue ? h('span', { class: 'badge badge-overdue' }, t.t('queue.overdue')) : null,
      signal.claimedByMe ? h('span', { class: 'by-me' }, t.t('detail.claimedByMe')) : null,
    ),
    h(
      'div',
      { class: 'detail-grid' },
      h(
        'div',
        {},
        section(
          t.t('detail.factsTitle'),
          facts(t, [
            [t.t('team:facts.created'), formatDateTime(signal.createdAt, t.tag)],
            [t.t('team:facts.deadline'), formatDate(signal.deadline, t.tag)],
            [t.t('team:facts.ageGroup'), word(t, `team:ageGroups.${signal.ageGroup}`, signal.ageGroup)],
            [t.t('team:facts.postcode'), signal.postcode4 || '-'],
            [t.t('team:facts.about'), word(t, `team:about.${signal.about}`, signal.about)],
            [t.t('team:facts.consent'), yesNo(t, signal.consent)],
            [t.t('team:facts.informed'), yesNo(t, signal.informed)],
            [t.t('team:facts.sector'), word(t, `team:sectors.${signal.reporterSector}`, signal.reporterSector)],
            [t.t('team:facts.relation'), word(t, `team:relations.${signal.relation}`, signal.relation)],
            [t.t('team:facts.feedback'), yesNo(t, signal.wantsFeedback)],
          ]),
        ),
        section(t.t('team:observedTitle'), observed(t, signal.signs)),
        personal(t, signal),
      ),
      h('div', {}, actions(t, signal, handlers), section(t.t('team:historyTitle'), history(t, signal))),
    ),
  );
}
