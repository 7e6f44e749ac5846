import type { Activity } from 'botbuilder';
import { escapeCardText } from '../../cards/text-safety';
import { checkContact, splitAddress } from '../../dialogs/report-validate';
import type { ReportDraft, ReportSignalPort, SubmitResult } from '../../src/application/report-signal.types';
import type { Translator } from '../../src/ports/translator';
import { en, nl, textOf, turn } from '../helpers/dialog-client';
import { ENDED, IDLE, reportClient, type ReportClientOptions } from '../helpers/report-client';

/**
 * Step tables for "Signaal melden": what the user sends (text, or a card submit as `{ value }`),
 * what the bot's replies must contain, and what they must not. The "sms" channel has no cards
 * (text fallback); "msteams" gets cards and answers with card submits.
 */
type Input = string | { value: unknown };
type Step = [input: Input, expected: RegExp | string, absent?: RegExp | string];

interface Submit {
  draft: ReportDraft;
  context: { submissionKey: string; reporterChatKey?: string };
}

/**
 * The use case, faked: "1234 AB" is known; "4321" is shared by two municipalities and "4321 XY"
 * with house number 7 resolves it; everything else is invalid. `submit` records every call and,
 * like the real one, answers the same reference for the same submission key.
 */
function fakeReport(refuse?: string[]) {
  const submits: Submit[] = [];
  const checks: Array<{ postcode: string; houseNumber?: string; withoutAddress?: boolean }> = [];
  const references = new Map<string, string>();
  let refusals = refuse;
  const port: ReportSignalPort = {
    retentionDays: 90,
    async checkPostcode({ postcode, houseNumber, withoutAddress }) {
      checks.push({ postcode, houseNumber, ...(withoutAddress ? { withoutAddress } : {}) });
      const compact = postcode.replace(/\s+/g, '').toUpperCase();
      // Without name the real port places a shared postcode without the address (the fallback).
      if (withoutAddress && compact === '4321') return { kind: 'ok', signaalpuntName: 'Regio Zeeland' };
      if (withoutAddress && compact === '1234') return { kind: 'ok', signaalpuntName: 'Signaalpunt Noord' };
      if (compact === '1234AB' && houseNumber === undefined) return { kind: 'ok', signaalpuntName: 'Signaalpunt Noord' };
      if (compact === '4321' && houseNumber === undefined) return { kind: 'needsAddress' };
      if (compact === '4321XY' && houseNumber === undefined) return { kind: 'needsAddress' };
      if (compact === '4321XY' && houseNumber === '7') return { kind: 'ok', signaalpuntName: 'Signaalpunt Zuid' };
      return { kind: 'invalid' };
    },
    async submit(draft, context): Promise<SubmitResult> {
      submits.push({ draft: structuredClone(draft), context });
      if (refusals) {
        const fields = refusals;
        refusals = undefined;
        return { ok: false, code: 'DRAFT_INVALID', fields };
      }
      const reference = references.get(context.submissionKey) ?? `SIG-2026-${String(123 + references.size).padStart(6, '0')}`;
      references.set(context.submissionKey, reference);
      return { ok: true, reference, signaalpuntName: 'Signaalpunt Noord', deadline: '2026-03-03', contact: { phone: '0118 000 001', email: 'noord@voorbeeld.nl' } };
    },
    async statusForReporter() {
      return [];
    },
  };
  return { port, submits, checks };
}

async function play(channel: 'sms' | 'msteams', locale: string, steps: Step[], options: ReportClientOptions & { refuse?: string[] } = {}) {
  const fake = fakeReport(options.refuse);
  const session = reportClient(channel, locale, fake.port, options);
  const transcript: Array<Partial<Activity>[]> = [];
  for (const [input, expected, absent] of steps) {
    const replies = await turn(session.client, input);
    transcript.push(replies);
    const reply = textOf(replies);
    try {
      if (typeof expected === 'string') expect(reply).toContain(expected);
      else expect(reply).toMatch(expected);
      if (absent !== undefined) {
        if (typeof absent === 'string') expect(reply).not.toContain(absent);
        else expect(reply).not.toMatch(absent);
      }
    } catch (error) {
      throw new Error(`after ${JSON.stringify(input)}: ${(error as Error).message}`);
    }
  }
  return { ...fake, ...session, transcript };
}

const answer = (key: string, value?: string) => ({ value: value === undefined ? { verb: 'answer', question: key } : { verb: 'answer', question: key, value } });
const typed = (key: string, value: string) => ({ value: { verb: 'answer', question: key, value } });
const q = (t: Translator, key: string, part = 'title') => t.t(`report:questions.${key}.${part}`);
const CARD = 'application/vnd.microsoft.card.adaptive';

/** From the start to the summary, about someone else who agreed, by typing (Dutch, text channel). */
const NL_TO_SUMMARY: Step[] = [
  ['hallo', q(nl, 'danger')],
  ['1', q(nl, 'about')],
  ['1', q(nl, 'informed')],
  ['ja', q(nl, 'consent')],
  ['1', q(nl, 'ageGroup')],
  ['3', q(nl, 'postcode')],
  ['1234 AB', nl.t('cards:signs.title')],
  ['1, 13', q(nl, 'note')],
  ['Ze zegt dat ze niemand meer ziet.', q(nl, 'relation')],
  ['1', q(nl, 'personName')],
  ['Mevrouw Jansen', q(nl, 'personContact')],
  ['06 1234 5678', q(nl, 'reporterName')],
  ['Piet', q(nl, 'reporterOrganisation')],
  ['Apotheek De Linde', q(nl, 'reporterSector')],
  ['2', q(nl, 'reporterContact')],
  ['piet@voorbeeld.nl', q(nl, 'wantsFeedback')],
  ['ja', nl.t('report:summary.title')],
];

describe('report dialog, text channel, Dutch', () => {
  test('When a report about someone else is completed by typing, then the draft is complete and the reference is shown', async () => {
    const { submits, chats, results, logger } = await play('sms', 'nl-NL', [
      ...NL_TO_SUMMARY,
      ['1', 'Uw signaal is doorgegeven. Het nummer is SIG-2026-000123.'],
      ['1', ENDED],
    ]);
    const logged = JSON.stringify(logger.lines);
    expect(logger.lines.map((line) => line.code)).toEqual(expect.arrayContaining(['REPORT_STARTED', 'POSTCODE_CHECKED', 'REPORT_SUBMITTED']));
    for (const personal of ['Jansen', '0612345678', '1234', 'piet@', 'niemand meer', 'Apotheek De Linde', 'Piet']) expect(logged).not.toContain(personal);
    expect(submits).toHaveLength(1);
    expect(submits[0]?.draft).toEqual({
      about: 'other',
      informed: true,
      consent: true,
      postcode: '1234 AB',
      ageGroup: 'senior75',
      signs: ['selfCare', 'fewContacts'],
      note: 'Ze zegt dat ze niemand meer ziet.',
      relation: 'customer',
      personName: 'Mevrouw Jansen',
      personContact: '0612345678',
      reporterName: 'Piet',
      reporterOrganisation: 'Apotheek De Linde',
      reporterSector: 'pharmacy',
      reporterContact: 'piet@voorbeeld.nl',
      wantsFeedback: true,
    });
    expect(submits[0]?.context.reporterChatKey).toBe('chat-1');
    expect(chats).toEqual(['chat-1']);
    // A menu choice typed after the report goes to the root.
    expect(results).toEqual([{ next: { verb: 'menu', choice: 'signs' } }]);
  });

  test('When the reference is shown, then it says who picks it up, by when, and how to ask for the status', async () => {
    await play('sms', 'nl-NL', [
      ...NL_TO_SUMMARY,
      ['1', /Signaalpunt Noord[\s\S]*dinsdag 3 maart[\s\S]*status SIG-2026-000123[\s\S]*Neem contact op met Signaalpunt Noord: bel 0118 000 001 of mail naar noord@voorbeeld\.nl/],
    ]);
  });

  test('When the summary shows, then it says who reads the signal and how long details are kept', async () => {
    await play('sms', 'nl-NL', [
      ...NL_TO_SUMMARY.slice(0, -1),
      [NL_TO_SUMMARY.at(-1)![0], /Een medewerker van dat team leest het[\s\S]*worden gewist 90 dagen nadat het signaal is afgesloten/, nl.t('report:summary.withoutName')],
    ]);
  });

  test.each([
    ['2', /\b112\b/],
    ['iemand denkt aan zelfdoding', /0800 0113/],
    ['4', /0800 2000/],
  ])('When danger %s is chosen, then the numbers show, the chat says it does not report this, and nothing is stored', async (choice, number) => {
    const { submits, checks, results } = await play('sms', 'nl-NL', [
      ['hallo', q(nl, 'danger')],
      [choice, number],
    ]);
    expect(submits).toEqual([]);
    expect(checks).toEqual([]);
    expect(results).toEqual([{ next: { verb: 'menu.show' } }]);
  });

  test.each([
    ['nl-NL', '5', nl, /huisarts/],
    ['nl-NL', '6', nl, /0800 1205/],
    ['en-US', '5', en, /GP/],
    ['en-US', '6', en, /0800 1205/],
  ] as const)('When in %s a non-acute worry (option %s) is chosen, then its number shows and the report goes on', async (locale, choice, t, number) => {
    const { submits, results, transcript } = await play('sms', locale, [
      ['hallo', q(t, 'danger')],
      [choice, number],
    ]);
    // The same reply goes on with the report: it says so and asks the next question.
    expect(textOf(transcript[1] ?? [])).toContain(t.t('report:danger.goOn'));
    expect(textOf(transcript[1] ?? [])).toContain(q(t, 'about'));
    expect(submits).toEqual([]);
    expect(results).toEqual([]);
  });

  test('When the danger answer is chosen, then the reply says "Dit melden we niet via de chat"', async () => {
    await play('sms', 'nl-NL', [
      ['hallo', q(nl, 'danger')],
      ['2', /Dit melden we niet via de chat[\s\S]*Er is niets opgeslagen/],
      ['1', IDLE],
    ]);
  });

  test.each([
    ['nl-NL', nl, 'versturen'],
    ['en-US', en, 'send'],
  ] as const)('When in %s "Ziet geen zin of toekomst meer" is in a report, then the summary shows 113 and "Hulp nu nodig" keeps the report', async (locale, t, send) => {
    const { submits } = await play('sms', locale, [
      ['hallo', q(t, 'danger')],
      ['nee', q(t, 'about')],
      ['2', q(t, 'ageGroup', 'titleSelf')],
      ['2', q(t, 'postcode', 'titleSelf')],
      ['1234AB', t.t('cards:signs.title')],
      ['7', q(t, 'note')],
      ['-', q(t, 'reporterName')],
      ['Anna', q(t, 'reporterContact', 'titleSelf')],
      ['+31 6 12345678', q(t, 'wantsFeedback')],
      ['2', /0800 0113[\s\S]*088 0767 000[\s\S]*9\. /],
      ['9', /\b112\b[\s\S]*0800 2000[\s\S]*0800 1205[\s\S]*0800 0113/],
      [send, 'SIG-2026-000123'],
    ]);
    expect(submits).toHaveLength(1);
  });

  test('When the report is about the reporter, then De Luisterlijn is offered and no person or relation questions follow', async () => {
    const { submits } = await play('sms', 'nl-NL', [
      ['hallo', q(nl, 'danger')],
      ['nee', q(nl, 'about')],
      ['2', /De Luisterlijn: 088 0767 000[\s\S]*Hoe oud bent u\?/],
      ['2', q(nl, 'postcode', 'titleSelf')],
      ['1234AB', nl.t('cards:signs.title')],
      ['28', q(nl, 'note')],
      ['geen', q(nl, 'reporterName'), q(nl, 'relation')],
      ['Anna', q(nl, 'reporterContact', 'titleSelf'), q(nl, 'reporterOrganisation')],
      ['+31 6 12345678', q(nl, 'wantsFeedback')],
      ['2', nl.t('report:summary.selfTitle'), q(nl, 'personName')],
      ['versturen', 'SIG-2026-000123'],
    ]);
    expect(submits[0]?.draft).toEqual({
      about: 'self',
      informed: true,
      consent: true,
      postcode: '1234AB',
      ageGroup: 'adult',
      signs: ['letterbox'],
      relation: 'other',
      reporterName: 'Anna',
      reporterSector: 'private',
      reporterContact: '+31612345678',
      wantsFeedback: false,
    });
  });

  test('When the person does not know, then the options are explained and a report without name asks no person details', async () => {
    const { submits, transcript, checks } = await play('sms', 'nl-NL', [
      ['hallo', q(nl, 'danger')],
      ['1', q(nl, 'about')],
      ['1', q(nl, 'informed')],
      ['nee', /Eerst een gesprek[\s\S]*Melden zonder naam: het signaalpunt hoort wat u zag, maar niet wie het is/, q(nl, 'consent')],
      ['2', q(nl, 'ageGroup')],
      ['1', /Wat zijn de 4 cijfers van de postcode\?[\s\S]*U meldt zonder naam[\s\S]*De letters en het huisnummer zijn niet nodig/, q(nl, 'postcode')],
      ['1234 AB', nl.t('cards:signs.title')],
      ['2', q(nl, 'note')],
      ['1', q(nl, 'relation')],
      ['4', q(nl, 'reporterName')],
      ['Liever niet', q(nl, 'reporterOrganisation')],
      ['1', q(nl, 'reporterSector')],
      ['11', q(nl, 'reporterContact')],
      ['1', q(nl, 'wantsFeedback')],
      ['2', /Postcode: 1234\n[\s\S]*U meldt zonder naam. Het signaalpunt krijgt alleen de 4 cijfers/, nl.t('report:summary.fields.personName')],
      ['1', /SIG-2026-000123[\s\S]*bel 0118 000 001/],
    ]);
    const all = transcript.map(textOf).join('\n');
    expect(all).not.toContain('1234 AB\n');
    expect(all).not.toContain(q(nl, 'personName'));
    expect(all).not.toContain(q(nl, 'personContact'));
    const draft = submits[0]?.draft;
    expect(draft).toMatchObject({ about: 'other', informed: false, consent: false, relation: 'neighbour', reporterSector: 'private', postcode: '1234' });
    expect(draft).not.toHaveProperty('houseNumber');
    expect(checks).toEqual([{ postcode: '1234', withoutAddress: true }]);
    expect(draft).not.toHaveProperty('personName');
    expect(draft).not.toHaveProperty('personContact');
    expect(draft).not.toHaveProperty('note');
    expect(draft).not.toHaveProperty('reporterName');
    expect(draft).not.toHaveProperty('reporterContact');
  });

  test('When the person did not agree and "talk first" is chosen, then the dialog hands over to the starters', async () => {
    const { submits, results } = await play('sms', 'nl-NL', [
      ['hallo', q(nl, 'danger')],
      ['1', q(nl, 'about')],
      ['1', q(nl, 'informed')],
      ['1', q(nl, 'consent')],
      ['2', q(nl, 'noConsent')],
      ['eerst een gesprek', ENDED],
    ]);
    expect(results).toEqual([{ next: { verb: 'starters.start' } }]);
    expect(submits).toEqual([]);
  });

  test('When the person did not agree and "stop" is chosen, then nothing is stored and the menu follows', async () => {
    const { submits, results } = await play('sms', 'nl-NL', [
      ['hallo', q(nl, 'danger')],
      ['1', q(nl, 'about')],
      ['1', q(nl, 'informed')],
      ['2', q(nl, 'noConsent')],
      ['3', nl.t('report:stopped')],
    ]);
    expect(results).toEqual([{ next: { verb: 'menu.show' } }]);
    expect(submits).toEqual([]);
  });

  test('When postcodes are invalid, then each gets the hint with the format and the dialog goes on', async () => {
    const hint = nl.t('report:problems.postcodeInvalid');
    expect(hint).toContain('1234 AB');
    const { checks } = await play('sms', 'nl-NL', [
      ...NL_TO_SUMMARY.slice(0, 6),
      ['0000 AA', hint],
      ['12345', hint],
      ['abcd', hint],
      ['مرحبا 👋', hint],
      ['1234 AB', nl.t('cards:signs.title')],
    ]);
    expect(checks.map((c) => c.postcode)).toEqual(['0000 AA', '12345', 'abcd', 'مرحبا 👋', '1234 AB']);
  });

  test('When a 4-digit postcode is shared by two municipalities, then the full postcode and house number are asked', async () => {
    const { submits } = await play('sms', 'nl-NL', [
      ...NL_TO_SUMMARY.slice(0, 6),
      ['4321', q(nl, 'address')],
      ['weet ik niet', nl.t('report:problems.addressInvalid')],
      ['4321 XY 9', nl.t('report:problems.addressInvalid')],
      ['4321 XY 7', nl.t('cards:signs.title')],
      ...NL_TO_SUMMARY.slice(7),
      ['1', 'SIG-2026-000123'],
    ]);
    expect(submits[0]?.draft).toMatchObject({ postcode: '4321 XY', houseNumber: '7', ageGroup: 'senior75', consent: true });
  });

  test('When a report without name gives a shared postcode, then no address is asked and the port places it', async () => {
    const { submits, checks } = await play('sms', 'nl-NL', [
      ['hallo', q(nl, 'danger')],
      ['1', q(nl, 'about')],
      ['1', q(nl, 'informed')],
      ['2', q(nl, 'noConsent')],
      ['2', q(nl, 'ageGroup')],
      ['3', q(nl, 'postcode', 'titleWithoutName')],
      ['4321', nl.t('cards:signs.title'), q(nl, 'address')],
      ...NL_TO_SUMMARY.slice(7, 9),
      ['4', q(nl, 'reporterName')],
      ['Liever niet', q(nl, 'reporterOrganisation')],
      ['1', q(nl, 'reporterSector')],
      ['11', q(nl, 'reporterContact')],
      ['1', q(nl, 'wantsFeedback')],
      ['2', /Dit signaal gaat naar: Regio Zeeland/],
      ['1', 'SIG-2026-000123'],
    ]);
    expect(checks).toEqual([{ postcode: '4321', withoutAddress: true }]);
    expect(submits[0]?.draft).toMatchObject({ postcode: '4321', consent: false });
    expect(submits[0]?.draft).not.toHaveProperty('houseNumber');
  });

  test('When a full postcode needs a house number, then only the number is asked', async () => {
    await play('sms', 'nl-NL', [
      ...NL_TO_SUMMARY.slice(0, 6),
      ['4321XY', q(nl, 'houseNumber')],
      ['8', nl.t('report:problems.houseNumberInvalid')],
      ['7', nl.t('cards:signs.title')],
    ]);
  });

  test('When the note is over the limit, then the bot says how many characters too many and asks again', async () => {
    const { submits } = await play('sms', 'nl-NL', [
      ...NL_TO_SUMMARY.slice(0, 8),
      ['a'.repeat(512), nl.t('report:problems.noteTooLong', { over: 12, max: 500 })],
      ['b'.repeat(500), q(nl, 'relation')],
      ...NL_TO_SUMMARY.slice(9),
      ['1', 'SIG-2026-000123'],
    ]);
    expect(submits[0]?.draft.note).toHaveLength(500);
  });

  test('When an answer is none of the options, then a short hint lists them and the question stays', async () => {
    await play('sms', 'nl-NL', [
      ['hallo', q(nl, 'danger')],
      ['misschien', /Dat begreep ik niet[\s\S]*1\. Nee, er is geen gevaar/],
      ['1', q(nl, 'about')],
    ]);
  });

  test('When "stoppen" is chosen at the summary, then nothing is submitted', async () => {
    const { submits, results } = await play('sms', 'nl-NL', [...NL_TO_SUMMARY, ['8', nl.t('report:stopped')]]);
    expect(submits).toEqual([]);
    expect(results).toEqual([{ next: { verb: 'menu.show' } }]);
  });

  test('When the postcode is corrected from the summary, then the summary shows the new place and the confirm sends it', async () => {
    const { submits } = await play('sms', 'nl-NL', [
      ...NL_TO_SUMMARY,
      ['postcode', q(nl, 'postcode')],
      ['0000', nl.t('report:problems.postcodeInvalid')],
      ['4321', q(nl, 'address')],
      ['4321 XY 7', /Postcode: 4321 XY 7[\s\S]*Signaalpunt Zuid/, 'Postcode: 1234 AB'],
      ['1', 'SIG-2026-000123'],
    ]);
    expect(submits).toHaveLength(1);
    expect(submits[0]?.draft).toMatchObject({ postcode: '4321 XY', houseNumber: '7', note: 'Ze zegt dat ze niemand meer ziet.', personName: 'Mevrouw Jansen' });
  });

  test('When the contact details are corrected, then the contact questions come again and then the summary', async () => {
    await play('sms', 'nl-NL', [
      ...NL_TO_SUMMARY,
      ['7', q(nl, 'personName')],
      ['1', q(nl, 'personContact')],
      ['weet ik niet', q(nl, 'reporterName')],
      ['Piet', q(nl, 'reporterOrganisation')],
      ['1', q(nl, 'reporterSector')],
      ['1', q(nl, 'reporterContact')],
      ['010-1234567', q(nl, 'wantsFeedback')],
      ['nee', /Naam van de persoon: Niet ingevuld[\s\S]*Uw telefoon of e-mail: 0101234567/],
    ]);
  });

  test('When the use case refuses the draft, then the message names what to fix and the summary comes back', async () => {
    const { submits } = await play('sms', 'nl-NL', [...NL_TO_SUMMARY, ['1', /Postcode, Toelichting[\s\S]*Kijk of alles klopt/]], {
      refuse: ['postcode', 'note', 'draft'],
    });
    expect(submits).toHaveLength(1);
  });

  test('When signs were observed before, then they are offered and "ja" reuses them', async () => {
    const { submits } = await play(
      'sms',
      'nl-NL',
      [
        ...NL_TO_SUMMARY.slice(0, 6),
        ['1234 AB', new RegExp(`${q(nl, 'reuseSigns')}[\\s\\S]*${nl.t('content:signs.outside.items.letterbox')}`)],
        ['ja', q(nl, 'note')],
        ...NL_TO_SUMMARY.slice(8),
        ['1', 'SIG-2026-000123'],
      ],
      { observed: ['letterbox', 'curtainsClosed'] },
    );
    expect(submits[0]?.draft.signs).toEqual(['letterbox', 'curtainsClosed']);
  });
});

/** The same report in English on Teams, answered with card submits. */
const EN_TO_SUMMARY: Step[] = [
  ['hi', CARD],
  [answer('danger', 'no'), q(en, 'about')],
  [answer('about', 'other'), q(en, 'informed')],
  [answer('informed', 'yes'), q(en, 'consent')],
  [answer('consent', 'yes'), q(en, 'ageGroup')],
  [answer('ageGroup', 'young'), q(en, 'postcode')],
  [typed('postcode', '1234 AB'), en.t('cards:signs.title')],
  [{ value: { verb: 'signs.submit', social: 'fewContacts', outside: 'letterbox' } }, q(en, 'note')],
  [typed('note', 'Curtains closed for a week.'), q(en, 'relation')],
  [answer('relation', 'neighbour'), q(en, 'personName')],
  [typed('personName', 'Mr Smith'), q(en, 'personContact')],
  [answer('personContact', 'skip'), q(en, 'reporterName')],
  [typed('reporterName', 'Sam'), q(en, 'reporterOrganisation')],
  [answer('reporterOrganisation', 'skip'), q(en, 'reporterSector')],
  [answer('reporterSector', 'courier'), q(en, 'reporterContact')],
  [typed('reporterContact', '+44 20 7946 0958'), q(en, 'wantsFeedback')],
  [answer('wantsFeedback', 'yes'), en.t('report:summary.title')],
];

describe('report dialog, cards channel, English', () => {
  test('When a report is completed with card submits, then every question is a card and the reference follows', async () => {
    const { submits } = await play('msteams', 'en-US', [...EN_TO_SUMMARY, [{ value: { verb: 'report.confirm' } }, 'Its number is SIG-2026-000123.']]);
    expect(submits[0]?.draft).toEqual({
      about: 'other',
      informed: true,
      consent: true,
      postcode: '1234 AB',
      ageGroup: 'young',
      signs: ['fewContacts', 'letterbox'],
      note: 'Curtains closed for a week.',
      relation: 'neighbour',
      personName: 'Mr Smith',
      reporterName: 'Sam',
      reporterSector: 'courier',
      reporterContact: '+442079460958',
      wantsFeedback: true,
    });
  });

  test('When the same confirm is submitted twice, then the same reference shows from what was kept, without a second submit', async () => {
    const confirm = { value: { verb: 'report.confirm' } };
    const { submits, results } = await play('msteams', 'en-US', [
      ...EN_TO_SUMMARY,
      [confirm, 'SIG-2026-000123'],
      [confirm, 'SIG-2026-000123', ENDED],
      [{ value: { verb: 'report.cancel' } }, en.t('report:done.alreadySent', { reference: 'SIG-2026-000123' })],
      ['thanks', ENDED],
    ]);
    // The draft is dropped at the confirm (issue 11): the replay answers from the kept result.
    expect(submits).toHaveLength(1);
    expect(submits[0]?.context.submissionKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(results).toEqual([{ next: { verb: 'menu.show' } }]);
  });

  test('When two reports are made, then each has its own submission key', async () => {
    const first = await play('msteams', 'en-US', [...EN_TO_SUMMARY, [{ value: { verb: 'report.confirm' } }, 'SIG-']]);
    const second = await play('msteams', 'en-US', [...EN_TO_SUMMARY, [{ value: { verb: 'report.confirm' } }, 'SIG-']]);
    expect(first.submits[0]?.context.submissionKey).not.toBe(second.submits[0]?.context.submissionKey);
  });

  test('When the note holds HTML, Markdown, emoji and right-to-left text, then the summary card shows it escaped and literal', async () => {
    const note = '<b>vet</b> [klik](https://evil.example/x) **ster** _schuin_\n# kop\n- lijst ${x} שלום 👋🏽 مرحبا';
    const { transcript } = await play('msteams', 'en-US', [
      ...EN_TO_SUMMARY.slice(0, 8),
      [typed('note', note), q(en, 'relation')],
      ...EN_TO_SUMMARY.slice(9),
    ]);
    const summary = transcript.at(-1)?.find((a) => a.attachments?.length)?.attachments?.[0]?.content as Record<string, unknown>;
    const json = JSON.stringify(summary);
    for (const line of note.split('\n')) expect(json).toContain(JSON.stringify(escapeCardText(line)).slice(1, -1));
    expect(json).toContain('שלום 👋🏽 مرحبا');
    expect(json).not.toContain('<b>');
    expect(json).not.toContain('](https');
    expect(json).not.toContain('**ster**');
    expect(json).not.toContain('${x}');
    expect(json).toContain('\\\\[klik\\\\]');
    expect(json).not.toContain('vet</b>');
    // Previews show the fallback text: it names nothing the user typed.
    expect(String(summary.fallbackText)).not.toContain('vet');
  });

  test('When a button of an earlier question is pressed, then the bot says so and shows the open question again', async () => {
    await play('msteams', 'en-US', [
      ...EN_TO_SUMMARY.slice(0, 3),
      [answer('danger', 'no'), new RegExp(`${en.t('report:retry.otherQuestion')}[\\s\\S]*${q(en, 'informed')}`)],
      [answer('informed', 'maybe'), en.t('common:errors.cardInvalid')],
      [answer('informed', 'no'), q(en, 'noConsent')],
    ]);
  });

  test('When a card answer is empty or the signs card has nothing ticked, then the question is asked again', async () => {
    await play('msteams', 'en-US', [
      ...EN_TO_SUMMARY.slice(0, 6),
      [answer('postcode'), en.t('report:problems.empty')],
      [typed('postcode', '12345'), en.t('report:problems.postcodeInvalid')],
      [typed('postcode', '1234 AB'), en.t('cards:signs.title')],
      [{ value: { verb: 'signs.submit' } }, en.t('common:signs.noneChosen')],
    ]);
  });

  test('When suicide risk is chosen on the card, then 113 shows and nothing is stored', async () => {
    const { submits, checks } = await play('msteams', 'en-US', [
      ['hi', CARD],
      [answer('danger', 'suicide'), /0800 0113[\s\S]*We do not report this through the chat/],
    ]);
    expect(submits).toEqual([]);
    expect(checks).toEqual([]);
  });

  test('When the summary asks for a change of signs, then the signs card comes back ticked and then the summary', async () => {
    await play('msteams', 'en-US', [
      ...EN_TO_SUMMARY,
      [{ value: { verb: 'report.correct', part: 'signs' } }, /"id":"social"[^}]*"value":"fewContacts"/],
      [{ value: { verb: 'signs.submit', physical: 'fatigue' } }, en.t('content:signs.physical.items.fatigue'), en.t('content:signs.outside.items.letterbox')],
      [{ value: { verb: 'report.confirm' } }, 'SIG-2026-000123'],
    ]);
  });

  test('When the cancel button is pressed on the summary, then nothing is submitted', async () => {
    const { submits } = await play('msteams', 'en-US', [...EN_TO_SUMMARY, [{ value: { verb: 'report.cancel' } }, en.t('report:stopped')]]);
    expect(submits).toEqual([]);
  });
});

describe('report dialog, text channel, English', () => {
  test('When an English user types the answers, then the questions are English and the summary lists them', async () => {
    const { submits } = await play('sms', 'en-GB', [
      ['hello', q(en, 'danger')],
      ['no', q(en, 'about')],
      ['about someone else', q(en, 'informed')],
      ['yes', q(en, 'consent')],
      ['no', q(en, 'noConsent')],
      ['report without name', q(en, 'ageGroup')],
      ['75 or older', /What are the 4 digits of the postcode\?[\s\S]*The letters and the house number are not needed/],
      ['not a postcode', en.t('report:problems.postcodeInvalid')],
      ['1234 ab', en.t('cards:signs.title')],
      ['26 and 28', q(en, 'note')],
      ['none', q(en, 'relation')],
      ['family', q(en, 'reporterName')],
      ['skip', q(en, 'reporterOrganisation')],
      ['none', q(en, 'reporterSector')],
      ['library', q(en, 'reporterContact')],
      ['call me maybe', en.t('report:problems.contactInvalid')],
      ['sam@example.org', q(en, 'wantsFeedback')],
      ['no', /Check that everything is right[\s\S]*Postcode: 1234\n[\s\S]*No note[\s\S]*Someone on that team reads it\. You are reporting without a name[\s\S]*deleted 90 days after the signal is closed/],
      ['change the note', q(en, 'note')],
      ['Seen at the door twice.', /Seen at the door twice\.[\s\S]*1\. Send/],
      ['send', /Your signal has been passed on. Its number is SIG-2026-000123\.[\s\S]*Contact Signaalpunt Noord: call 0118 000 001 or email noord@voorbeeld\.nl\. Give the number SIG-2026-000123\./],
    ]);
    expect(submits[0]?.draft).toMatchObject({ consent: false, informed: true, relation: 'family', reporterSector: 'library', note: 'Seen at the door twice.' });
    expect(submits[0]?.draft).not.toHaveProperty('personName');
  });
});

describe('report dialog, typed values', () => {
  test.each([
    ['**vet** _schuin_ `code` ~weg~', '\\*\\*vet\\*\\* \\_schuin\\_ \\`code\\` \\~weg\\~'],
    ['[klik](javascript:alert(1))', '\\[klik\\]\\(javascript:alert\\(1\\)\\)'],
    ['<script>x</script> &lt;', '\\<script\\>x\\</script\\> \\&lt;'],
    ['# kop\n- punt\n+ punt\n1. punt\n> quote\n===', '\\# kop\n\\- punt\n\\+ punt\n1\\. punt\n\\> quote\n\\==='],
    ['www.example.com of a@b.nl of https://x', 'www\\.example\\.com of a\\@b\\.nl of https\\://x'],
    ['pad C:\\temp ${x} | tabel', 'pad C:\\\\temp \\$\\{x\\} \\| tabel'],
    ['    ingesprongen', 'ingesprongen'],
    ['Gewone zin, met een punt. En een vraag?', 'Gewone zin, met een punt. En een vraag?'],
    ['שלום עולם 👋🏽 مرحبا بالعالم', 'שלום עולם 👋🏽 مرحبا بالعالم'],
  ])('When %j is shown in a card, then it is escaped to %j', (typedText, shown) => {
    expect(escapeCardText(typedText)).toBe(shown);
  });

  test.each([
    ['06 1234 5678', '0612345678'],
    ['010-123 45 67', '0101234567'],
    ['+31 (0)6 12345678', undefined],
    ['+31 6 12345678', '+31612345678'],
    ['0031 6 12345678', '+31612345678'],
    ['+44 20 7946 0958', '+442079460958'],
    ['+1 555 0100', '+15550100'],
    ['+1 555', undefined],
    ['0612', undefined],
    ['12345678901', undefined],
    ['naam@voorbeeld.nl', 'naam@voorbeeld.nl'],
    ['naam@voorbeeld', undefined],
    ['naam @voorbeeld.nl', undefined],
    ['<a@b.nl>', undefined],
  ])('When %j is typed as contact, then it is read as %j', (typedText, value) => {
    const checked = checkContact(typedText, 200);
    expect(checked.ok ? checked.value : undefined).toBe(value);
  });

  test('When an address is typed in one line, then postcode and house number are split', () => {
    expect(splitAddress('4321 XY 7')).toEqual({ postcode: '4321 XY', houseNumber: '7' });
    expect(splitAddress('4321xy, 12-2')).toEqual({ postcode: '4321xy', houseNumber: '12-2' });
    expect(splitAddress('4321 XY')).toBeUndefined();
    expect(splitAddress('weet ik niet')).toBeUndefined();
  });
});

describe('report dialog after a crash (issue 13, item 6)', () => {
  test('When a button of an earlier card arrives at the summary (the summary card was lost in a crash), then the bot says so and shows the summary card again', async () => {
    const { transcript } = await play('msteams', 'en-US', [
      ...EN_TO_SUMMARY,
      [answer('wantsFeedback', 'yes'), en.t('common:errors.otherCard')],
    ]);
    const last = transcript.at(-1) ?? [];
    expect(last.some((a) => a.attachments?.some((x) => x.contentType === CARD && JSON.stringify(x.content).includes('report.confirm')))).toBe(true);
  });

  test('When a button of an earlier card arrives at the signs card, then the signs card comes again', async () => {
    const steps = EN_TO_SUMMARY.slice(0, 7);
    const { transcript } = await play('msteams', 'en-US', [...steps, [typed('postcode', '1234 AB'), en.t('common:errors.otherCard')]]);
    const last = transcript.at(-1) ?? [];
    expect(last.some((a) => a.attachments?.some((x) => x.contentType === CARD && JSON.stringify(x.content).includes('signs.submit')))).toBe(true);
  });
});
