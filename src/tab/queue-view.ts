/** The queue: a filter, and a table of signals with their status, age, deadline and a claim button. */
import { QUEUE_FILTERS, type QueueFilter } from './api-client';
import type { Queue, QueueItem } from './api-schemas';
import { button, h, srOnly, uid } from './dom';
import { formatAge, formatDate } from './format';
import type { Translate } from './i18n';

export interface QueueHandlers {
  onFilter(filter: QueueFilter): void;
  onRefresh(): void;
  onOpen(id: string): void;
  onClaim(item: QueueItem): void;
}

export function statusCell(t: Translate, item: QueueItem): HTMLElement {
  return h(
    'span',
    { class: 'status-cell' },
    h('span', { class: `badge badge-${item.status}` }, t.t(`status.${item.status}`)),
    item.overdue ? h('span', { class: 'badge badge-overdue' }, t.t('queue.overdue')) : null,
    item.claimedByMe ? h('span', { class: 'by-me' }, t.t('detail.claimedByMe')) : null,
  );
}

function ageGroup(t: Translate, key: string): string {
  return t.has(`team:ageGroups.${key}`) ? t.t(`team:ageGroups.${key}`) : key;
}

/** One row; rebuilt on its own after a claim so the rest of the table (and focus) stays put. */
export function queueRow(t: Translate, item: QueueItem, handlers: QueueHandlers, now: Date): HTMLTableRowElement {
  const open = button(item.reference, () => handlers.onOpen(item.id), {
    class: 'link-button',
    'aria-label': t.t('queue.open', { reference: item.reference }),
    'data-open': item.id,
  });
  const claim =
    item.status === 'new'
      ? button([t.t('team:buttons.claim'), srOnly(`: ${item.reference}`)], () => handlers.onClaim(item), { class: 'primary', 'data-claim': item.id })
      : null;
  return h(
    'tr',
    { 'data-signal': item.id },
    h('th', { scope: 'row' }, open),
    h('td', {}, statusCell(t, item)),
    h('td', {}, h('time', { datetime: item.createdAt }, formatAge(item.createdAt, now, t.tag))),
    h('td', {}, h('time', { datetime: item.deadline }, formatDate(item.deadline, t.tag))),
    h('td', {}, ageGroup(t, item.ageGroup)),
    h('td', {}, claim),
  );
}

export function queueView(t: Translate, filter: QueueFilter, queue: Queue | undefined, handlers: QueueHandlers, now: Date): HTMLElement {
  const selectId = uid('filter');
  const select = h(
    'select',
    { id: selectId, name: 'filter' },
    QUEUE_FILTERS.map((f) => h('option', { value: f, selected: f === filter }, t.t(`queue.filters.${f}`))),
  );
  select.addEventListener('change', () => handlers.onFilter(select.value as QueueFilter));

  const toolbar = h(
    'div',
    { class: 'toolbar' },
    h('label', { for: selectId }, t.t('queue.filter')),
    select,
    button(t.t('queue.refresh'), () => handlers.onRefresh(), { class: 'secondary' }),
  );

  const heading = h('h2', { tabindex: -1, class: 'view-heading' }, t.t('queue.heading'));
  if (!queue) return h('section', { class: 'view', 'aria-busy': 'true' }, heading, toolbar, h('p', {}, t.t('loading')));

  const filterName = t.t(`queue.filters.${filter}`);
  const body =
    queue.items.length === 0
      ? h('p', { class: 'empty' }, t.t('queue.empty'))
      : h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'queue' },
            h('caption', {}, t.t('queue.caption', { filter: filterName }), ' ', h('span', { class: 'count' }, t.t('queue.count', { count: queue.total }))),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                (['reference', 'status', 'age', 'deadline', 'ageGroup', 'action'] as const).map((c) => h('th', { scope: 'col' }, t.t(`queue.columns.${c}`))),
              ),
            ),
            h(
              'tbody',
              {},
              queue.items.map((item) => queueRow(t, item, handlers, now)),
            ),
          ),
        );
  return h('section', { class: 'view' }, heading, toolbar, body);
}
