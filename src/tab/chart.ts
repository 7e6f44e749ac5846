/**
 * A horizontal bar chart as inline SVG, readable at a glance, with two text alternatives: the
 * SVG's accessible name lists every value, and a table (behind "show as a table") holds the same
 * numbers for anyone who prefers or needs them.
 */
import { h, svg, uid } from './dom';
import type { Translate } from './i18n';

export interface ChartItem {
  label: string;
  count: number;
}

const WIDTH = 480;
const LABEL_WIDTH = 190;
const VALUE_WIDTH = 40;
const ROW = 26;
const BAR = 16;

export function barChart(t: Translate, title: string, items: readonly ChartItem[]): HTMLElement {
  const max = Math.max(1, ...items.map((i) => i.count));
  const barSpace = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const height = Math.max(ROW, items.length * ROW);
  const headingId = uid('chart');
  const name = t.t('figures.chartLabel', {
    title,
    items: items.map((i) => t.t('figures.chartItem', { label: i.label, count: i.count })).join('; '),
  });

  const rows = items.map((item, index) => {
    const y = index * ROW;
    const width = Math.round((item.count / max) * barSpace);
    return svg(
      'g',
      {},
      svg('text', { x: LABEL_WIDTH - 8, y: y + ROW / 2, 'text-anchor': 'end', 'dominant-baseline': 'middle', class: 'chart-label' }, item.label),
      svg('rect', { x: LABEL_WIDTH, y: y + (ROW - BAR) / 2, width: Math.max(width, item.count > 0 ? 2 : 0), height: BAR, rx: 2, class: 'chart-bar' }),
      svg('text', { x: LABEL_WIDTH + width + 6, y: y + ROW / 2, 'dominant-baseline': 'middle', class: 'chart-value' }, String(item.count)),
    );
  });

  const picture = svg(
    'svg',
    { viewBox: `0 0 ${WIDTH} ${height}`, width: '100%', role: 'img', 'aria-label': name, preserveAspectRatio: 'xMinYMin meet', class: 'chart-svg' },
    svg('title', {}, name),
    rows,
  );

  const table = h(
    'table',
    { class: 'data-table' },
    h('caption', { class: 'sr-only' }, title),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t.t('figures.columnLabel')), h('th', { scope: 'col' }, t.t('figures.columnCount')))),
    h(
      'tbody',
      {},
      items.map((i) => h('tr', {}, h('th', { scope: 'row' }, i.label), h('td', {}, String(i.count)))),
    ),
  );

  return h(
    'figure',
    { class: 'chart', 'aria-labelledby': headingId },
    h('figcaption', {}, h('h3', { id: headingId }, title)),
    picture,
    h('details', {}, h('summary', {}, t.t('figures.asTable')), table),
  );
}
