import { renderMenuCard } from '../../cards/guide/render';
import { expandTemplate } from '../../cards/template';
import { readCommand } from '../../dialogs/commands';
import { createTranslations } from '../../src/i18n/i18n';
import type { Locale, Translations, Translator } from '../../src/ports/translator';

// Counts how often a template is parsed (the constructor parses every ${...}); expand is the real one.
jest.mock('adaptivecards-templating', () => {
  const actual = jest.requireActual<typeof import('adaptivecards-templating')>('adaptivecards-templating');
  const Template = jest.fn((payload: object) => new actual.Template(payload));
  return { ...actual, Template };
});
const { Template } = require('adaptivecards-templating') as { Template: jest.Mock };

/**
 * What a turn no longer redoes (issue 6): parsing a card template, and building the command
 * words from the locale files. Only counts here; speed is measured by `npm run bench`.
 */
describe('per-turn caches', () => {
  beforeEach(() => Template.mockClear());

  test('When the same template is expanded with other data, then it is parsed once and each card has its own data', () => {
    const template = { type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: '${title}' }, { type: 'TextBlock', $data: '${items}', text: '${name}' }] };

    const first = expandTemplate(template, { title: 'Eén', items: [{ name: 'a' }, { name: 'b' }] });
    const second = expandTemplate(template, { title: 'Twee', items: [{ name: 'c' }] });

    expect(Template).toHaveBeenCalledTimes(1);
    expect(first).toEqual({ type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: 'Eén' }, { type: 'TextBlock', text: 'a' }, { type: 'TextBlock', text: 'b' }] });
    expect(second).toEqual({ type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: 'Twee' }, { type: 'TextBlock', text: 'c' }] });
    expect(template.body[0]).toEqual({ type: 'TextBlock', text: '${title}' }); // the template itself is untouched
  });

  test('When a binding is missing, then expanding still fails with the expression, also from a cached template', () => {
    const template = { type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: 'Hallo ${who}' }] };
    expect(expandTemplate(template, { who: 'Anna' })).toEqual({ type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: 'Hallo Anna' }] });
    expect(() => expandTemplate(template, {})).toThrow('card template left ${who} unbound');
  });

  test('When the menu card is rendered on many turns, then its template is parsed once', () => {
    const t = createTranslations({ strict: true }).forLocale('nl');
    const cards = Array.from({ length: 5 }, () => renderMenuCard(t));
    expect(Template.mock.calls.length).toBeLessThanOrEqual(1);
    expect(new Set(cards.map((c) => JSON.stringify(c))).size).toBe(1);
  });

  test('When commands are read on many turns, then the locale lists are read once per word list', () => {
    const real = createTranslations({ strict: true });
    let lists = 0;
    const counting: Translations = {
      forLocale(locale: Locale): Translator {
        const t = real.forLocale(locale);
        return {
          ...t,
          t: t.t,
          list: (key) => {
            lists++;
            return t.list(key);
          },
        };
      },
    };

    expect(readCommand('Menu', counting)).toEqual({ kind: 'menu' });
    const afterFirst = lists;
    for (let i = 0; i < 10; i++) {
      expect(readCommand('English', counting)).toEqual({ kind: 'language', locale: 'en' });
      expect(readCommand('iets anders', counting)).toBeUndefined();
    }
    expect(afterFirst).toBeGreaterThan(0);
    expect(lists).toBeLessThanOrEqual(8); // 4 word lists x 2 languages, each read once
  });

  test('When a translation is asked for twice, then the same text comes back, with and without variables', () => {
    const t = createTranslations({ strict: true }).forLocale('en');
    expect(t.t('common:welcome.text')).toBe(t.t('common:welcome.text'));
    const list = t.list('common:commands.menu');
    list.push('changed by a caller');
    expect(t.list('common:commands.menu')).not.toContain('changed by a caller');
    expect(() => t.t('common:does.not.exist')).toThrow(/missing locale key/);
  });
});
