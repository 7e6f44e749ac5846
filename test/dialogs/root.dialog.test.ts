import { en, nl, rootClient, textOf, turn } from '../helpers/dialog-client';

/**
 * Step tables: what the user types, and what the bot must answer (locale text, so the tables
 * hold in both languages). The "sms" channel has no cards: it exercises the text fallback.
 */
type Step = [input: string | { value: unknown }, expected: RegExp | string, absent?: RegExp | string];

async function play(channel: 'sms' | 'msteams', locale: string, steps: Step[]) {
  const { client, logger } = rootClient(channel, locale);
  for (const [input, expected, absent] of steps) {
    const reply = textOf(await turn(client, input));
    try {
      if (typeof expected === 'string') expect(reply).toContain(expected);
      else expect(reply).toMatch(expected);
      if (absent) expect(reply).not.toMatch(absent);
    } catch (error) {
      throw new Error(`after ${JSON.stringify(input)}: ${(error as Error).message}`);
    }
  }
  return logger;
}

describe('root dialog, text channel, Dutch', () => {
  test('When a user walks the signaleringskaart by typing, then the summary is careful and next steps work', async () => {
    await play('sms', 'nl-NL', [
      ['hallo', nl.t('common:welcome.text')],
      ['1', nl.t('content:signs.physical.items.selfCare')],
      ['geen idee', nl.t('common:signs.retry')],
      ['13, 28', nl.t('content:signs.social.items.fewContacts'), /is eenzaam/],
      ['1', nl.t('content:settings.homeVisit')],
    ]);
  });

  test('When a user asks for starters and then for other ones, then none repeat until all were shown', async () => {
    const { client } = rootClient('sms', 'nl-NL');
    await turn(client, 'hallo');
    await turn(client, '2');
    const first = textOf(await turn(client, '1'));
    expect(first).toContain(nl.t('content:tips.openHonestCurious'));
    const second = textOf(await turn(client, nl.t('cards:starters.more')));
    const starterTexts = (s: string) => s.split('\n').filter((line) => /\?$/.test(line.trim()));
    const overlap = starterTexts(first).filter((line) => starterTexts(second).includes(line));
    expect(starterTexts(first).length).toBeGreaterThanOrEqual(3);
    expect(overlap).toEqual([]);
    expect(textOf(await turn(client, 'stappen'))).toContain(nl.t('content:steps.listen.title'));
    expect(textOf(await turn(client, 'blabla'))).toContain(nl.t('common:starters.choiceRetry'));
  });

  test('When "112" is typed inside a dialog, then the numbers show and "1" goes back to the dialog', async () => {
    await play('sms', 'nl-NL', [
      ['hallo', nl.t('common:welcome.text')],
      ['1', nl.t('content:signs.physical.items.selfCare')],
      ['112', /112/],
      ['1', nl.t('content:signs.physical.items.selfCare')],
      ['ze wil er een eind aan maken', /0800 0113/],
      ['2', nl.t('cards:menu.signs')],
    ]);
  });

  test('When "Hulp nu nodig" is chosen, then every number shows exactly', async () => {
    await play('sms', 'nl-NL', [
      ['hallo', nl.t('common:welcome.text')],
      ['5', /112[\s\S]*113[\s\S]*0800 0113[\s\S]*0800 2000[\s\S]*0800 1205[\s\S]*088 0767 000/],
    ]);
  });

  test('When "Signaal melden" is chosen, then the report starts with safety; "Belcirkel" opens the circles', async () => {
    await play('sms', 'nl-NL', [
      ['hallo', nl.t('common:welcome.text')],
      ['3', nl.t('report:start')],
      ['menu', nl.t('cards:menu.signs')],
      ['4', nl.t('circles:list.none')],
    ]);
  });

  test('When the reporter types "status", then their own signals are listed, dated the one way people read dates (#14)', async () => {
    // Reported 2026-11-28T09:00Z: in the Netherlands Saturday 28 November 2026, never "2026-11-28".
    await play('sms', 'nl-NL', [
      ['hallo', nl.t('common:welcome.text')],
      ['status SIG-2026-000001', 'SIG-2026-000001: Opgepakt (gemeld op za 28 nov 2026)', /2026-11-28|28-11-2026/],
    ]);
    await play('sms', 'en-US', [
      ['hello', en.t('common:welcome.text')],
      ['status SIG-2026-000001', /SIG-2026-000001: .*Sat, Nov 28, 2026/, /2026-11-28|28-11-2026/],
    ]);
  });
});

const TYPE_A_NUMBER = /typ (het|een) nummer|nummer typen/i;

describe('root dialog, "help" and "hoe werkt dit" explain the bot (issue #14)', () => {
  const CARD = 'application/vnd.microsoft.card.adaptive';

  test.each([
    ['sms', 'nl-NL', 'help'],
    ['sms', 'nl-NL', 'Hoe werkt dit?'],
    ['sms', 'nl-NL', 'wat kun je'],
  ] as const)('When %s in %s types %j, then every menu choice is explained and the numbers are one choice away', async (channel, locale, text) => {
    await play(channel, locale, [
      ['hallo', nl.t('common:welcome.text')],
      [text, /Zo werkt Signaalbot[\s\S]*Signalen herkennen:[\s\S]*Gesprek beginnen:[\s\S]*Signaal melden:[\s\S]*Belcirkel:[\s\S]*Hulp nu nodig:[\s\S]*bel 112[\s\S]*status[\s\S]*English[\s\S]*5\. Hulp nu nodig/, /Veilig Thuis/],
      ['5', /0800 2000/],
    ]);
  });

  test.each([['help'], ['How does this work?'], ['what can you do']])('When an English user types %j, then the English overview and menu come', async (text) => {
    await play('sms', 'en-GB', [
      ['hello', en.t('common:welcome.text')],
      [text, /How Signaalbot works[\s\S]*Recognise signs:[\s\S]*Call circle:[\s\S]*Help needed now:[\s\S]*call 112[\s\S]*Nederlands[\s\S]*5\. Help needed now/],
    ]);
  });

  test.each([['HELP'], ['help!'], ['Help me'], ['hulp']])('When %j is typed, then it is still a call for help: the numbers show at once', async (text) => {
    await play('sms', 'nl-NL', [
      ['hallo', nl.t('common:welcome.text')],
      [text, /112[\s\S]*0800 0113/, /Zo werkt Signaalbot/],
    ]);
  });

  test('When "help" is typed in Teams during a report, then the overview and the menu card come, and the open question stays', async () => {
    const { client } = rootClient('msteams', 'nl-NL');
    await turn(client, 'hallo');
    await turn(client, { value: { verb: 'menu', choice: 'report' } });
    const replies = await turn(client, 'help');
    const all = textOf(replies);
    expect(all).toContain('Zo werkt Signaalbot');
    expect(all).toContain(CARD);
    expect(all).toContain('"choice":"help"');
    // No "type the number" where cards show buttons (the card's own fallbackText is for clients without cards).
    expect(replies.map((r) => r.text ?? '').join('\n')).not.toMatch(TYPE_A_NUMBER);
    // The report's open question still takes its answer.
    expect(textOf(await turn(client, { value: { verb: 'answer', question: 'danger', value: 'no' } }))).toContain(nl.t('report:questions.about.title'));
  });
});

describe('root dialog, "type the number" only where numbers show (issue #14)', () => {
  test('When something unknown is typed in Teams, then the hint says to choose a button, not to type a number', async () => {
    await play('msteams', 'nl-NL', [
      ['hallo', 'application/vnd.microsoft.card.adaptive'],
      ['blabla', nl.t('common:hints.menuCards')],
    ]);
  });

  test('When the signs card or the setting card gets an unknown answer in Teams, then the hint names the buttons, not numbers', async () => {
    await play('msteams', 'nl-NL', [
      ['hallo', 'application/vnd.microsoft.card.adaptive'],
      [{ value: { verb: 'menu', choice: 'signs' } }, 'signs.submit'],
      ['blabla', nl.t('common:signs.retryCards')],
      [{ value: { verb: 'menu', choice: 'starters' } }, 'starters.setting'],
      ['blabla', nl.t('common:starters.settingRetryCards')],
    ]);
    for (const key of ['common:signs.retryCards', 'common:starters.settingRetryCards', 'report:retry.summaryCards', 'circles:text.retryChooseCards']) {
      expect(nl.t(key)).not.toMatch(TYPE_A_NUMBER);
      expect(en.t(key)).not.toMatch(/type (a|the) numbers?/i);
    }
  });

  test('When something unknown is typed in a text channel, then the hint says a number may be typed', async () => {
    await play('sms', 'nl-NL', [
      ['hallo', nl.t('common:welcome.text')],
      ['blabla', nl.t('common:hints.menu')],
    ]);
    expect(nl.t('common:hints.menu')).toMatch(TYPE_A_NUMBER);
    expect(nl.t('common:hints.menuCards')).not.toMatch(TYPE_A_NUMBER);
    expect(en.t('common:hints.menuCards')).not.toMatch(/type (a|the) number/i);
  });
});

describe('root dialog, the learned safety net (issue #12)', () => {
  const ask = (t: typeof nl) => t.t('emergency:ask.question');

  test.each([
    ['nl-NL', nl, 'hij doet vreemd', 'ja'],
    ['en-US', en, 'he was acting odd', 'yes'],
  ] as const)('When in %s the detector is unsure, then it asks once; "%s" then "yes" shows the numbers at once', async (locale, t, text, yes) => {
    await play('sms', locale, [
      ['hallo', t.t('common:welcome.text')],
      [text, ask(t), /0800 0113/],
      [yes, /\b112\b[\s\S]*0800 2000|\b112\b[\s\S]*0800 1205/],
    ]);
  });

  test.each([
    ['nl-NL', nl, 'hij doet vreemd', 'nee'],
    ['en-US', en, 'he was acting odd', 'no'],
  ] as const)('When in %s the answer to the danger question is "no", then the dialog goes on where it was', async (locale, t, text, no) => {
    await play('sms', locale, [
      ['hallo', t.t('common:welcome.text')],
      ['1', t.t('content:signs.physical.items.selfCare')],
      [text, ask(t)],
      // The message that raised the question reaches the signs list, which asks for numbers again.
      [no, t.t('emergency:ask.goOn'), /0800 0113/],
      ['13', t.t('content:signs.social.items.fewContacts')],
    ]);
  });

  test.each([
    ['nl-NL', nl],
    ['en-US', en],
  ] as const)('When in %s "Ziet geen zin of toekomst meer" is ticked, then the summary gently shows 113 and De Luisterlijn', async (locale, t) => {
    await play('sms', locale, [
      ['hallo', t.t('common:welcome.text')],
      ['1', t.t('content:signs.psychological.items.meaninglessness')],
      ['7, 13', /0800 0113[\s\S]*088 0767 000/],
      // The summary's "Hulp nu nodig" (option 4) shows every number; the dialog had ended, so the menu follows.
      ['4', /\b112\b[\s\S]*0800 2000[\s\S]*0800 1205/],
    ]);
    await play('sms', locale, [
      ['hallo', t.t('common:welcome.text')],
      ['1', t.t('content:signs.psychological.items.meaninglessness')],
      ['13', t.t('content:signs.social.items.fewContacts'), /0800 0113/],
    ]);
  });

  test.each([
    ['nl-NL', 'haar zoon slaat haar nu en ze gilt'],
    ['nl-NL', 'de kleinzoon staat hier te schreeuwen dat hij haar wat aandoet als ze niet betaalt'],
    ['en-US', 'her son is hitting her right now'],
  ])('When in %s violence or a threat is happening now ("%s"), then both 112 and Veilig Thuis show', async (locale, text) => {
    await play('sms', locale, [[text, /\b112\b[\s\S]*0800 2000/]]);
  });

  test.each([
    ['nl-NL', 'ze heeft een hele strip paracetamol geslikt om er een eind aan te maken'],
    ['nl-NL', 'hij heeft zich in zijn armen gesneden en het bloedt'],
    ['en-US', 'she told me she hopes she doesnt wake up'],
  ])('When in %s suicidal thoughts are written ("%s"), then 113 shows, not 112 alone', async (locale, text) => {
    await play('sms', locale, [[text, /113[\s\S]*0800 0113/]]);
  });

  test.each([
    ['nl-NL', 'ik schrok me dood'],
    ['nl-NL', 'we hebben een rookmelder opgehangen'],
    ['en-US', 'nee'],
    ['en-US', 'no'],
  ])('When in %s harmless words are typed ("%s"), then no numbers and no danger question come', async (locale, text) => {
    await play('sms', locale, [
      ['hallo', /./],
      [text, /./, /0800 0113|0800 2000|Is er nu direct gevaar|direct danger/],
    ]);
  });
});

describe('root dialog, language', () => {
  test('When an English user starts, then everything is English; "Nederlands" switches and is remembered', async () => {
    await play('sms', 'en-US', [
      ['hello', en.t('common:welcome.text')],
      ['1', en.t('content:signs.physical.items.selfCare')],
      ['Nederlands', nl.t('common:language.switched')],
      ['blabla', nl.t('common:signs.retry')],
      ['menu', nl.t('cards:menu.signs')],
      ['taal', nl.t('common:language.choose')],
      ['English', en.t('common:language.switched')],
    ]);
  });

  test('When the turn locale is Dutch, then the activity carries nl-NL for built-in prompts (Ja/Nee)', async () => {
    const { client, turnLocales } = rootClient('sms', 'en-US');
    await turn(client, 'hallo');
    await turn(client, 'Nederlands');
    await turn(client, 'menu');
    expect(turnLocales).toEqual(['en-US', 'en-US', 'nl-NL']);
    const { client: english } = rootClient('sms', 'en-GB');
    expect(textOf(await turn(english, 'hi'))).toContain(en.t('common:welcome.text'));
  });
});

describe('root dialog, cards channel', () => {
  test('When the menu card buttons are used, then cards come back and a forged submit is refused politely', async () => {
    const logger = await play('msteams', 'nl-NL', [
      ['hallo', 'application/vnd.microsoft.card.adaptive'],
      [{ value: { verb: 'menu', choice: 'signs' } }, 'signs.submit'],
      [{ value: { verb: 'signs.submit', social: 'fewContacts', extra: 'x' } }, nl.t('common:errors.cardInvalid')],
      [{ value: { verb: 'signs.submit' } }, nl.t('common:signs.noneChosen')],
      [{ value: { verb: 'signs.submit', social: 'fewContacts,noSupport' } }, 'starters.start'],
      [{ value: { verb: 'starters.start' } }, 'starters.setting'],
      [{ value: { verb: 'starters.setting', setting: 'counter' } }, 'starters.more'],
      [{ value: { verb: 'menu.show' } }, 'menu'],
      [{ value: { nonsense: true } }, nl.t('common:errors.cardInvalid')],
    ]);
    expect(logger.lines.filter((l) => l.code === 'CARD_ACTION_INVALID')).toHaveLength(2);
  });

  test('When a button of an older card is pressed with no dialog waiting, then it does what it says', async () => {
    await play('msteams', 'en-US', [
      ['hello', 'application/vnd.microsoft.card.adaptive'],
      [{ value: { verb: 'starters.setting', setting: 'phone' } }, en.t('content:settings.phone')],
      [{ value: { verb: 'menu.show' } }, en.t('cards:menu.title')],
      [{ value: { verb: 'signs.submit', outside: 'letterbox' } }, en.t('content:signs.outside.items.letterbox')],
    ]);
  });
});
