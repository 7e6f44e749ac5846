import { type DeliveryTarget, type OutboxKind, routeOf, routeTraits } from '../../src/ports/outbox';

const sp = 'GM0677';

describe('routeOf: the one place that decides who delivers a message', () => {
  test.each<[OutboxKind, DeliveryTarget, string]>([
    ['signal.new', { kind: 'teams', signaalpuntId: sp }, 'teams.newThread'],
    ['signal.new', { kind: 'webhook', signaalpuntId: sp, url: 'https://example.invalid/' }, 'webhook'],
    ['signal.new', { kind: 'mail', signaalpuntId: sp, to: 'team@example.org' }, 'mail'],
    ['signal.cardUpdate', { kind: 'teamsThread', signaalpuntId: sp, signalId: 's' }, 'teams.cardUpdate'],
    ['signal.threadReply', { kind: 'teamsThread', signaalpuntId: sp, signalId: 's' }, 'teams.threadReply'],
    ['reporter.notify', { kind: 'reporter', chatKey: 'c' }, 'reporter.notice'],
    ['circle.reminder', { kind: 'chat', chatKey: 'c' }, 'circle.chat'],
    ['circle.notSent', { kind: 'chat', chatKey: 'c' }, 'circle.chat'],
  ])('When a %s goes to %j, then its route is %s', (kind, target, route) => {
    expect(routeOf({ kind, target })).toBe(route);
  });

  test('When a message has a target this version does not know (written by a newer one), then it has no route and no traits', () => {
    const m = { kind: 'signal.new' as const, target: { kind: 'pigeon' } as unknown as DeliveryTarget };
    expect(routeOf(m)).toBeUndefined();
    expect(routeTraits(m)).toEqual({ teams: false, marksSending: false, viaLink: false });
  });

  test('When a card is updated, then it is not marked before sending; a new thread is, and both go through the link', () => {
    const update = routeTraits({ kind: 'signal.cardUpdate', target: { kind: 'teamsThread', signaalpuntId: sp, signalId: 's' } });
    const thread = routeTraits({ kind: 'signal.new', target: { kind: 'teams', signaalpuntId: sp } });
    expect(update).toEqual({ teams: true, marksSending: false, viaLink: true });
    expect(thread).toEqual({ teams: true, marksSending: true, viaLink: true });
    expect(routeTraits({ kind: 'reporter.notify', target: { kind: 'reporter', chatKey: 'c' } }).viaLink).toBe(false);
  });
});
