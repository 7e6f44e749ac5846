import { type Activity, TestAdapter, TurnContext } from 'botbuilder';
import { cardActionOf } from '../../dialogs/turn-context';
import { dispatch, handles, type VerbHandlers } from '../../dialogs/verbs';
import type { CardAction } from '../../cards/actions';

const turnWith = (value: unknown) => new TurnContext(new TestAdapter(), { type: 'message', channelId: 'msteams', value } as Partial<Activity>);

describe('a card submit is checked once a turn', () => {
  test('When the root and the dialog underneath both ask, then they get the one result of one check', () => {
    const context = turnWith({ verb: 'menu', choice: 'signs' });
    const first = cardActionOf(context);
    expect(first).toEqual({ ok: true, action: { verb: 'menu', choice: 'signs' } });
    expect(cardActionOf(context)).toBe(first);
  });

  test('When a submit matches no schema, then it is refused, also the second time it is asked', () => {
    const context = turnWith({ verb: 'menu', choice: 'signs', forged: true });
    expect(cardActionOf(context)).toEqual({ ok: false, code: 'CARD_ACTION_INVALID' });
    expect(cardActionOf(context)).toBe(cardActionOf(context));
  });

  test('When the turn carries no value (typed text), then there is no card action', () => {
    expect(cardActionOf(turnWith(undefined))).toBeUndefined();
    expect(cardActionOf(turnWith(null))).toBeUndefined();
  });
});

describe('verb maps', () => {
  type Menu = Extract<CardAction, { verb: 'menu' | 'menu.show' }>;
  const handlers: VerbHandlers<Menu, [string], string> = {
    menu: (action, who) => `${who}:${action.choice}`,
    'menu.show': (_action, who) => `${who}:show`,
  };

  test("When an action's verb is in the map, then its own handler gets the checked payload", () => {
    const action: CardAction = { verb: 'menu', choice: 'report' };
    expect(handles(handlers, action)).toBe(true);
    if (handles(handlers, action)) expect(dispatch(handlers, action, 'root')).toBe('root:report');
  });

  test('When the verb belongs to another feature, then the map does not claim it', () => {
    expect(handles(handlers, { verb: 'starters.start' })).toBe(false);
    // Not fooled by what every object has.
    expect(handles(handlers, { verb: 'toString' })).toBe(false);
  });
});
