import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { type CardAction, parseCardAction } from '../../cards/actions';
import {
  type AdaptiveCard,
  renderEmergencyCard,
  renderMenuCard,
  renderSettingCard,
  renderSignsCard,
  renderSignsSummaryCard,
  renderStartersCard,
  renderStepsCard,
} from '../../cards/guide/render';
import * as fallback from '../../cards/text-fallback';
import * as readers from '../../dialogs/text-readers';
import { QUESTION_KEYS } from '../../cards/signals/report-questions';
import { renderCircleQuestionCard } from '../../cards/circles/circle-question';
import { renderQuestionCard, renderReportSummaryCard } from '../../cards/signals/report-render';
import * as reportText from '../../cards/signals/report-text';
import { AGE_GROUPS, RELATIONS, SECTORS } from '../../src/domain/signal';
import { isSign, possibleKinds, SIGN_GROUP_IDS, type Sign } from '../../src/domain/signs';
import { isSetting, SETTINGS, STARTERS } from '../../src/domain/starters';
import { createTranslations } from '../../src/i18n/i18n';
import { type Locale, LOCALES, type Translator } from '../../src/ports/translator';
import { elementsOfType, sdkProblems } from '../helpers/adaptive-cards';

const CARDS_DIR = path.join(__dirname, '../../cards');
const translations = createTranslations({ strict: true });

/** Strict translators: a missing key fails the render. */
function translator(locale: Locale): Translator {
  return translations.forLocale(locale);
}

const sign = z.string().refine(isSign, 'not a sign') as unknown as z.ZodType<Sign>;
const samples = {
  signs: z.object({ preselected: z.array(sign) }).strict(),
  summary: z.object({ signs: z.array(sign), kinds: z.array(z.enum(['social', 'emotional', 'existential'])) }).strict(),
  starters: z.object({ setting: z.enum(SETTINGS), starterIds: z.array(z.string()), exhausted: z.boolean() }).strict(),
  emergency: z
    .object({
      numbers: z.array(z.enum(['acute112', 'suicide113', 'veiligThuis', 'huisarts', 'zorgwekkend', 'luisterlijn'])),
      canResume: z.boolean(),
    })
    .strict(),
  empty: z.object({}).strict(),
  question: z
    .object({
      key: z.enum(QUESTION_KEYS),
      about: z.enum(['other', 'self']).optional(),
      intro: z.boolean().optional(),
      problem: z
        .object({
          key: z.enum(['postcodeInvalid', 'addressInvalid', 'houseNumberInvalid', 'noteTooLong', 'tooLong', 'contactInvalid', 'empty']),
          vars: z.record(z.string(), z.number()).optional(),
        })
        .strict()
        .optional(),
      signs: z.array(sign).optional(),
    })
    .strict(),
  reportSummary: z
    .object({
      about: z.enum(['other', 'self']),
      informed: z.boolean(),
      consent: z.boolean(),
      postcode: z.string(),
      houseNumber: z.string().optional(),
      ageGroup: z.enum(AGE_GROUPS),
      signs: z.array(sign),
      note: z.string().optional(),
      relation: z.enum(RELATIONS),
      personName: z.string().optional(),
      personContact: z.string().optional(),
      reporterName: z.string().optional(),
      reporterOrganisation: z.string().optional(),
      reporterSector: z.enum(SECTORS),
      reporterContact: z.string().optional(),
      wantsFeedback: z.boolean(),
      signaalpuntName: z.string().optional(),
    })
    .strict(),
};
function sample<T>(file: string, schema: z.ZodType<T>): T {
  return schema.parse(JSON.parse(fs.readFileSync(path.join(CARDS_DIR, 'samples', file), 'utf8')));
}

interface CardCase {
  sample: string;
  render: (t: Translator) => AdaptiveCard;
  text: (t: Translator) => string;
  /** Reads typed text; undefined for the signs card, which is checked on its own. */
  read?: (text: string, t: Translator) => CardAction | undefined;
}

const summary = sample('signs-summary-card.data.json', samples.summary);
const starters = sample('starters-card.data.json', samples.starters);
const startersExhausted = sample('starters-card.exhausted.data.json', samples.starters);
const emergency = sample('emergency-card.data.json', samples.emergency);
const emergencyNoResume = sample('emergency-card.no-resume.data.json', samples.emergency);
const preselected = sample('signs-card.data.json', samples.signs).preselected;
const question = sample('question-card.data.json', samples.question);
const questionNote = sample('question-card.note.data.json', samples.question);
const questionReuse = sample('question-card.reuse-signs.data.json', samples.question);
const reportSummary = sample('report-summary-card.data.json', samples.reportSummary);
for (const file of ['menu-card.data.json', 'setting-card.data.json', 'steps-card.data.json']) sample(file, samples.empty);

const CASES: Record<string, CardCase> = {
  menu: { sample: 'menu-card', render: renderMenuCard, text: fallback.menuText, read: readers.readMenuText },
  signs: { sample: 'signs-card', render: (t) => renderSignsCard(t, preselected), text: fallback.signsText },
  summary: {
    sample: 'signs-summary-card',
    render: (t) => renderSignsSummaryCard(t, summary),
    text: (t) => fallback.signsSummaryText(t, summary),
    read: readers.readSignsSummaryText,
  },
  setting: { sample: 'setting-card', render: renderSettingCard, text: fallback.settingText, read: readers.readSettingText },
  starters: {
    sample: 'starters-card',
    render: (t) => renderStartersCard(t, starters),
    text: (t) => fallback.startersText(t, starters),
    read: readers.readStartersText,
  },
  startersExhausted: {
    sample: 'starters-card.exhausted',
    render: (t) => renderStartersCard(t, startersExhausted),
    text: (t) => fallback.startersText(t, startersExhausted),
  },
  steps: { sample: 'steps-card', render: renderStepsCard, text: fallback.stepsText, read: readers.readStepsText },
  emergency: {
    sample: 'emergency-card',
    render: (t) => renderEmergencyCard(t, emergency),
    text: (t) => fallback.emergencyText(t, emergency),
    read: (text, t) => readers.readEmergencyText(text, t, true),
  },
  emergencyNoResume: {
    sample: 'emergency-card.no-resume',
    render: (t) => renderEmergencyCard(t, emergencyNoResume),
    text: (t) => fallback.emergencyText(t, emergencyNoResume),
    read: (text, t) => readers.readEmergencyText(text, t, false),
  },
  question: {
    sample: 'question-card',
    render: (t) => renderQuestionCard(t, question),
    text: (t) => reportText.questionText(t, question),
    read: (text, t) => readers.readQuestionText(text, t, question.key),
  },
  questionNote: {
    sample: 'question-card.note',
    render: (t) => renderQuestionCard(t, questionNote),
    text: (t) => reportText.questionText(t, questionNote),
  },
  questionReuseSigns: {
    sample: 'question-card.reuse-signs',
    render: (t) => renderQuestionCard(t, questionReuse),
    text: (t) => reportText.questionText(t, questionReuse),
    read: (text, t) => readers.readQuestionText(text, t, questionReuse.key),
  },
  reportSummary: {
    sample: 'report-summary-card',
    render: (t) => renderReportSummaryCard(t, reportSummary),
    text: (t) => reportText.reportSummaryText(t, reportSummary),
    read: readers.readReportSummaryText,
  },
};
const MATRIX = LOCALES.flatMap((locale) => Object.entries(CASES).map(([name, c]) => [name, locale, c] as const));

/** What the channel would send for a submit: its data, plus the card's input values unless told not to. */
function submitPayload(card: AdaptiveCard, action: Record<string, unknown>): unknown {
  const data = action.data as Record<string, unknown>;
  if (action.associatedInputs === 'none') return data;
  const inputs = elementsOfType(card, 'Input.ChoiceSet');
  return { ...data, ...Object.fromEntries(inputs.map((input) => [input.id, input.value ?? ''])) };
}

describe('cards', () => {
  test.each(MATRIX)('When the %s card renders in %s, then the SDK parses it without warnings', (_name, locale, c) => {
    const card = c.render(translator(locale));
    expect(sdkProblems(card)).toEqual([]);
    expect(card.version).toBe('1.5');
    expect(JSON.stringify(card)).not.toContain('${');
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(28 * 1024);
    expect(fs.existsSync(path.join(CARDS_DIR, 'samples', `${c.sample}.data.json`))).toBe(true);
  });

  test.each(MATRIX)('When the %s card renders in %s, then every submit is a valid action', (_name, locale, c) => {
    const card = c.render(translator(locale));
    const submits = elementsOfType(card, 'Action.Submit');
    expect(submits.length).toBeGreaterThan(0);
    for (const submit of submits) {
      expect(typeof (submit.data as { verb?: unknown }).verb).toBe('string');
      expect(parseCardAction(submitPayload(card, submit))).toMatchObject({ ok: true });
    }
    expect(elementsOfType(card, 'Action.Execute')).toEqual([]);
  });

  test('When a template is read, then every user-facing property is a single binding', () => {
    const keys = new Set(['text', 'title', 'label', 'placeholder', 'altText', 'fallbackText', 'errorMessage']);
    // Templates live beside their feature's renderers (cards/guide, cards/signals, cards/circles); samples are data, not templates.
    const templates = (fs.readdirSync(CARDS_DIR, { recursive: true }) as string[]).filter((f) => f.endsWith('.json') && !f.startsWith('samples'));
    // The guide's and the report's cards, the call circles' layout, and one question card for both features (cards/).
    expect(templates.length).toBe(11);
    const literal: string[] = [];
    const walk = (node: unknown, at: string): void => {
      if (Array.isArray(node)) node.forEach((item, i) => walk(item, `${at}[${i}]`));
      else if (node && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if (keys.has(key) && !(typeof value === 'string' && /^\$\{[^{}]+\}$/.test(value))) literal.push(`${at}.${key}`);
          walk(value, `${at}.${key}`);
        }
      }
    };
    for (const file of templates) walk(JSON.parse(fs.readFileSync(path.join(CARDS_DIR, file), 'utf8')), file);
    expect(literal).toEqual([]);
  });

  test('When a question card renders, then its text field follows the input kind of the shared question format', () => {
    const t = translator('nl');
    const fieldOf = (card: AdaptiveCard) => elementsOfType(card, 'Input.Text').find((e) => e.id === 'value');
    // The report's note is a longer text; a postcode is one line; a circle member's phone is a phone number.
    expect(fieldOf(renderQuestionCard(t, { key: 'note', about: 'other' }))).toMatchObject({ isMultiline: true, style: 'Text', maxLength: 500 });
    expect(fieldOf(renderQuestionCard(t, { key: 'postcode', about: 'other' }))).toMatchObject({ isMultiline: false, style: 'Text' });
    expect(fieldOf(renderCircleQuestionCard(t, { field: 'phone', vars: { name: 'Lid' } }))).toMatchObject({ isMultiline: false, style: 'Tel', maxLength: 24 });
    // A question answered by buttons only has no text field and no submit.
    const about = renderQuestionCard(t, { key: 'about', about: 'other' });
    expect(fieldOf(about)).toBeUndefined();
    expect(elementsOfType(about, 'Action.Submit').map((a) => a.data)).toEqual([
      { verb: 'answer', question: 'about', value: 'other' },
      { verb: 'answer', question: 'about', value: 'self' },
    ]);
  });

  test('When the signs card has preselected signs, then they are ticked and the inputs are the groups', () => {
    const card = renderSignsCard(translator('nl'), ['fatigue', 'headache', 'letterbox']);
    const inputs = elementsOfType(card, 'Input.ChoiceSet');
    expect(inputs.map((i) => i.id)).toEqual(SIGN_GROUP_IDS);
    expect(inputs.every((i) => i.isMultiSelect === true && i.style === 'expanded')).toBe(true);
    expect(inputs.find((i) => i.id === 'physical')?.value).toBe('fatigue,headache');
    const submit = elementsOfType(card, 'Action.Submit').find((a) => (a.data as { verb: string }).verb === 'signs.submit');
    expect(parseCardAction(submitPayload(card, submit ?? {}))).toEqual({
      ok: true,
      action: { verb: 'signs.submit', signs: ['fatigue', 'headache', 'letterbox'] },
    });
  });

  test('When starters are exhausted, then "Andere" gives way to "start again"', () => {
    const verbs = (exhausted: boolean) =>
      elementsOfType(renderStartersCard(translator('nl'), { ...starters, exhausted }), 'Action.Submit').map(
        (a) => (a.data as { verb: string }).verb,
      );
    expect(verbs(false)).toEqual(['starters.more', 'starters.steps', 'menu.show']);
    expect(verbs(true)).toEqual(['starters.restart', 'starters.steps', 'menu.show']);
  });

  test('When the emergency card renders, then numbers are text and dialable, and resume follows canResume', () => {
    const t = translator('nl');
    const card = renderEmergencyCard(t, emergency);
    const texts = elementsOfType(card, 'TextBlock').map((b) => b.text);
    for (const id of emergency.numbers) expect(texts).toContain(t.t(`emergency:numbers.${id}`));
    const urls = elementsOfType(card, 'Action.OpenUrl').map((a) => a.url);
    expect(urls).toEqual(['tel:112', 'tel:08000113', 'tel:08002000', 'tel:08001205', 'tel:0880767000']);
    const verbs = (canResume: boolean) =>
      elementsOfType(renderEmergencyCard(t, { ...emergency, canResume }), 'Action.Submit').map((a) => (a.data as { verb: string }).verb);
    expect(verbs(true)).toEqual(['emergency.resume', 'menu.show']);
    expect(verbs(false)).toEqual(['menu.show']);
  });

  test('When a summary card renders, then it shows only observed signs and never calls the person lonely', () => {
    const t = translator('nl');
    const card = JSON.stringify(renderSignsSummaryCard(t, { signs: ['letterbox'], kinds: possibleKinds(['letterbox']) }));
    expect(card).toContain(t.t('content:signs.outside.items.letterbox'));
    expect(card).toContain(t.t('content:kinds.none'));
    expect(card).not.toContain(t.t('content:signs.physical.title'));
    expect(card.toLowerCase()).not.toMatch(/is eenzaam|deze persoon is/);
  });
});

describe('parseCardAction', () => {
  test.each<[string, unknown, CardAction]>([
    ['menu', { verb: 'menu', choice: 'circle' }, { verb: 'menu', choice: 'circle' }],
    ['setting', { verb: 'starters.setting', setting: 'phone' }, { verb: 'starters.setting', setting: 'phone' }],
    ['signs with spaces and repeats', { verb: 'signs.submit', physical: 'fatigue, fatigue', outside: '' }, { verb: 'signs.submit', signs: ['fatigue'] }],
    ['signs with nothing ticked', { verb: 'signs.submit' }, { verb: 'signs.submit', signs: [] }],
    ['resume', { verb: 'emergency.resume' }, { verb: 'emergency.resume' }],
    ['an answer', { verb: 'answer', question: 'danger', value: 'no' }, { verb: 'answer', question: 'danger', value: 'no' }],
    ['an answer from an empty input', { verb: 'answer', question: 'note' }, { verb: 'answer', question: 'note' }],
    ['a confirm', { verb: 'report.confirm' }, { verb: 'report.confirm' }],
    ['a correction', { verb: 'report.correct', part: 'place' }, { verb: 'report.correct', part: 'place' }],
    ['a cancel', { verb: 'report.cancel' }, { verb: 'report.cancel' }],
  ])('When the payload is %s, then it is accepted', (_name, payload, action) => {
    expect(parseCardAction(payload)).toEqual({ ok: true, action });
  });

  test.each<[string, unknown]>([
    ['no verb', { choice: 'signs' }],
    ['nothing', undefined],
    ['a string', 'menu'],
    ['an unknown verb', { verb: 'signal.delete' }],
    ['a missing field', { verb: 'menu' }],
    ['an unknown choice', { verb: 'menu', choice: 'admin' }],
    ['an extra field', { verb: 'menu', choice: 'signs', teamId: 'x' }],
    ['an extra field on a bare verb', { verb: 'starters.more', setting: 'counter' }],
    ['Teams metadata', { verb: 'menu.show', msteams: { type: 'messageBack' } }],
    ['an unknown setting', { verb: 'starters.setting', setting: 'office' }],
    ['a sign in the wrong group', { verb: 'signs.submit', physical: 'letterbox' }],
    ['a forged sign', { verb: 'signs.submit', physical: 'fatigue,<script>' }],
    ['an unknown group', { verb: 'signs.submit', medical: 'fatigue' }],
    ['a list instead of text', { verb: 'signs.submit', physical: ['fatigue'] }],
    ['an answer to an unknown question', { verb: 'answer', question: 'password', value: 'x' }],
    ['an answer over the length bound', { verb: 'answer', question: 'note', value: 'x'.repeat(2001) }],
    ['an answer that is not text', { verb: 'answer', question: 'note', value: 5 }],
    ['an answer with an extra field', { verb: 'answer', question: 'note', value: 'x', signalId: '1' }],
    ['a correction of an unknown part', { verb: 'report.correct', part: 'reference' }],
    ['a correction without a part', { verb: 'report.correct' }],
    ['a confirm with a forged key', { verb: 'report.confirm', submissionKey: 'abc' }],
  ])('When the payload has %s, then it is refused', (_name, payload) => {
    expect(parseCardAction(payload)).toEqual({ ok: false, code: 'CARD_ACTION_INVALID' });
  });
});

describe('text fallback', () => {
  const readable = MATRIX.filter(([, , c]) => c.read !== undefined);

  test.each(readable)('When the %s text in %s is answered with a number or a button title, then it reads as that button', (_n, locale, c) => {
    const t = translator(locale);
    const read = c.read as NonNullable<CardCase['read']>;
    const text = c.text(t);
    const submits = elementsOfType(c.render(t), 'Action.Submit');
    submits.forEach((submit, index) => {
      const expected = parseCardAction(submit.data);
      expect(expected.ok).toBe(true);
      const action = expected.ok ? expected.action : undefined;
      expect(text).toContain(`${index + 1}. ${String(submit.title)}`);
      expect(read(String(index + 1), t)).toEqual(action);
      expect(read(String(submit.title).toUpperCase(), t)).toEqual(action);
      for (const other of LOCALES) {
        const title = elementsOfType(c.render(translator(other)), 'Action.Submit')[index]?.title;
        expect(read(` ${String(title)}. `, t)).toEqual(action);
      }
    });
    expect(read(String(submits.length + 1), t)).toBeUndefined();
    expect(read('', t)).toBeUndefined();
  });

  test.each(LOCALES)('When the signs list in %s is answered with numbers, then they are the signs at those places', (locale) => {
    const t = translator(locale);
    const text = fallback.signsText(t);
    const titles = elementsOfType(renderSignsCard(t), 'Input.ChoiceSet').flatMap((i) => i.choices as Array<{ title: string; value: string }>);
    titles.forEach((choice, index) => expect(text).toContain(`${index + 1}. ${choice.title}`));
    expect(readers.readSignsText('1, 4 en 12', t)).toEqual({
      verb: 'signs.submit',
      signs: [titles[0]?.value, titles[3]?.value, titles[11]?.value],
    });
    expect(readers.readSignsText('12 1 12', t)).toEqual({ verb: 'signs.submit', signs: [titles[0]?.value, titles[11]?.value] });
    expect(readers.readSignsText(String(titles.length), t)).toEqual({ verb: 'signs.submit', signs: ['deadPlants'] });
    expect(readers.readSignsText('MENU', t)).toEqual({ verb: 'menu.show' });
    for (const bad of ['0', String(titles.length + 1), '1, moe', 'ja', '']) expect(readers.readSignsText(bad, t)).toBeUndefined();
  });

  test('When words are typed, then a unique part of an option is enough and an ambiguous one is not', () => {
    const t = translator('nl');
    expect(readers.readSettingText('balie', t)).toEqual({ verb: 'starters.setting', setting: 'counter' });
    expect(readers.readSettingText('Phone', t)).toEqual({ verb: 'starters.setting', setting: 'phone' });
    expect(readers.readSettingText('aan de', t)).toBeUndefined();
    expect(readers.readMenuText('hulp', t)).toEqual({ verb: 'menu', choice: 'help' });
    expect(readers.readMenuText('een eén', t)).toBeUndefined();
    expect(readers.readStartersText('telefoon', t)).toEqual({ verb: 'starters.setting', setting: 'phone' });
    expect(readers.readStartersText('opnieuw', t)).toEqual({ verb: 'starters.restart' });
    expect(readers.readStartersText('stappen', t)).toEqual({ verb: 'starters.steps' });
  });

  test.each(LOCALES)('When a short word, a postcode or a name is typed at the menu in %s, then it matches whole words only', (locale) => {
    const t = translator(locale);
    for (const typed of ['nee', 'Nee', 'ja', 'yes', 'no', '4381 AB', '4381', 'Mel', 'Star', 'Anne', 'Ria']) {
      expect(readers.readMenuText(typed, t)).toBeUndefined();
    }
    expect(readers.readMenuText(locale === 'nl' ? 'melden' : 'report', t)).toEqual({ verb: 'menu', choice: 'report' });
    expect(readers.readMenuText('Help needed now', t)).toEqual({ verb: 'menu', choice: 'help' });
  });

  test('When starters are exhausted, then the text offers to start again as option 1', () => {
    const t = translator('en');
    expect(fallback.startersText(t, startersExhausted)).toContain(`1. ${t.t('cards:starters.restart')}`);
    expect(fallback.startersText(t, startersExhausted)).toContain(t.t('cards:starters.exhausted'));
  });

  test('When the samples are read, then they name real settings and starters', () => {
    for (const s of [starters, startersExhausted]) {
      expect(isSetting(s.setting)).toBe(true);
      for (const id of s.starterIds) expect(STARTERS.find((x) => x.id === id)?.settings).toContain(s.setting);
    }
    expect(summary.kinds).toEqual(possibleKinds(summary.signs));
  });
});
