/** The figures: a period, the key numbers, four bar charts and a CSV download. No personal data. */
import type { Figures } from './api-schemas';
import { barChart, type ChartItem } from './chart';
import { button, h, uid } from './dom';
import { formatDate, formatHours, formatShare } from './format';
import type { Translate } from './i18n';

export interface Period {
  from: string;
  to: string;
}

export interface FiguresHandlers {
  onPeriod(period: Period): void;
  onCsv(period: Period): void;
}

function label(t: Translate, key: string, fallback: string): string {
  return t.has(key) ? t.t(key) : fallback;
}

function counts(t: Translate, list: Figures['bySector'], prefix: string): ChartItem[] {
  return list.map((c) => ({ label: label(t, `${prefix}.${c.key}`, c.key), count: c.count }));
}

function weekLabel(t: Translate, week: string, weekStart: string): string {
  const number = /W(\d{2})$/.exec(week)?.[1];
  return number ? `${t.t('figures.week', { week: Number(number) })} (${formatDate(weekStart, t.tag)})` : week;
}

function stat(title: string, ...lines: string[]): HTMLElement {
  return h('div', { class: 'stat' }, h('dt', {}, title), lines.map((l) => h('dd', {}, l)));
}

function durations(t: Translate, title: string, d: Figures['timeToClaim']): HTMLElement {
  if (d.medianHours === null || d.p90Hours === null) return stat(title, t.t('figures.noData'));
  return stat(title, `${t.t('figures.median')}: ${formatHours(d.medianHours, t.tag)}`, `${t.t('figures.p90')}: ${formatHours(d.p90Hours, t.tag)}`);
}

function results(t: Translate, figures: Figures, period: Period, handlers: FiguresHandlers): HTMLElement {
  const share = figures.closedWithinDeadline.share;
  return h(
    'div',
    { class: 'figures-results' },
    h(
      'dl',
      { class: 'stats' },
      stat(t.t('figures.total'), String(figures.total)),
      durations(t, t.t('figures.timeToClaim'), figures.timeToClaim),
      durations(t, t.t('figures.timeToClose'), figures.timeToClose),
      stat(
        t.t('figures.closedWithinDeadline'),
        share === null ? t.t('figures.noData') : `${formatShare(share, t.tag)} (${figures.closedWithinDeadline.within}/${figures.closedWithinDeadline.due})`,
      ),
    ),
    figures.total === 0 ? h('p', { class: 'empty' }, t.t('figures.empty')) : null,
    h(
      'div',
      { class: 'charts' },
      barChart(
        t,
        t.t('figures.perWeek'),
        figures.perWeek.map((w) => ({ label: weekLabel(t, w.week, w.weekStart), count: w.count })),
      ),
      barChart(t, t.t('figures.bySignGroup'), counts(t, figures.bySignGroup, 'signGroups')),
      barChart(t, t.t('figures.bySector'), counts(t, figures.bySector, 'team:sectors')),
      barChart(t, t.t('figures.byAgeGroup'), counts(t, figures.byAgeGroup, 'team:ageGroups')),
    ),
    h('div', { class: 'button-row' }, button(t.t('figures.csv'), () => handlers.onCsv(period), { class: 'secondary', 'data-csv': '' })),
  );
}

export function figuresView(t: Translate, period: Period, figures: Figures | undefined, handlers: FiguresHandlers): HTMLElement {
  const fromId = uid('from');
  const toId = uid('to');
  const errorId = uid('period-error');
  const from = h('input', { id: fromId, type: 'date', name: 'from', value: period.from, required: true, 'aria-describedby': errorId });
  const to = h('input', { id: toId, type: 'date', name: 'to', value: period.to, required: true, 'aria-describedby': errorId });
  const error = h('p', { id: errorId, class: 'field-error', hidden: true }, t.t('figures.periodError'));
  const form = h(
    'form',
    { class: 'period', novalidate: true },
    h(
      'fieldset',
      {},
      h('legend', {}, t.t('figures.period')),
      h('div', { class: 'field' }, h('label', { for: fromId }, t.t('figures.from')), from),
      h('div', { class: 'field' }, h('label', { for: toId }, t.t('figures.to')), to),
      h('button', { type: 'submit', class: 'primary' }, t.t('figures.show')),
    ),
    error,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const valid = /^\d{4}-\d{2}-\d{2}$/.test(from.value) && /^\d{4}-\d{2}-\d{2}$/.test(to.value) && from.value <= to.value;
    error.hidden = valid;
    for (const input of [from, to]) input.setAttribute('aria-invalid', String(!valid));
    if (!valid) {
      from.focus();
      return;
    }
    handlers.onPeriod({ from: from.value, to: to.value });
  });

  return h(
    'section',
    { class: 'view', 'aria-busy': figures ? 'false' : 'true' },
    h('h2', { tabindex: -1, class: 'view-heading' }, t.t('figures.heading')),
    h('p', { class: 'hint' }, t.t('figures.intro')),
    form,
    figures ? results(t, figures, period, handlers) : h('p', {}, t.t('loading')),
  );
}
