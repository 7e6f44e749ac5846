import type { Locator } from 'playwright-core';
import type { Translator } from '../../src/ports/translator';
import { type ChatDriver, escapeRegExp } from '../helpers/chat-steps';

/**
 * "Signaal melden" walked by hand in a browser chat client, shared by the Agents Playground and
 * the Web Chat end-to-end tests (not a test file itself). Both render the bot's Adaptive Cards
 * with accessible names (the playground with its own Fluent UI renderer, Web Chat with
 * adaptivecards 3.0), so the same steps work in both: click a button by its title, type into the
 * card's text box and press "Verder", tick checkboxes. Expected texts come from the locale files.
 */

/** What a chat client driver offers the walk (one definition, with the step runner). */
export type { ChatDriver };
export { escapeRegExp };

/** Synthetic answers: nobody real. The postcode routes an adult to "Vlissingen" (GM0718) in the example config. */
export const ANSWERS = {
  postcode: '4381 AB',
  postcode4: '4381',
  signs: [
    ['outside', 'curtainsClosed'],
    ['outside', 'letterbox'],
  ] as const,
  note: 'Sinds twee weken gaan de gordijnen niet meer open en de post blijft liggen.',
  personName: 'Test Persoon',
  personContact: '0612345678',
  reporterName: 'Test Melder',
  reporterOrganisation: 'Testorganisatie Thuiszorg',
  reporterContact: 'melder@example.org',
} as const;

/** SIG-<year>-<6 to 9 digits>, the year of today (the bot uses the system clock in these tests). */
export function referencePattern(year = new Date().getFullYear()): RegExp {
  return new RegExp(`SIG-${year}-\\d{6,9}`);
}

/** The text box of a question card (a single-line input or, for the note, a textarea). */
export function textInput(card: Locator): Locator {
  return card.getByRole('textbox');
}

/**
 * How a question card is answered. `click`: its button, or its text box and "Verder", as a user
 * of the card does. `type`: the button's title, or the text, typed into the chat (the bot reads
 * typed answers in every channel). `clickOrType`: click, and when the client drops the click
 * (no next card within a few seconds; see PROBE_MS), say so once and type from then on.
 */
export type AnswerMode = 'click' | 'type' | 'clickOrType';

/** Long enough for a reply in a local client (they come in well under a second), short enough to move on. */
const PROBE_MS = 6_000;

export interface WalkOptions {
  mode: AnswerMode;
}

export interface WalkResult {
  summary: Locator;
  /** How the question cards were answered in the end. */
  answeredBy: 'click' | 'type';
}

/**
 * From the menu card to the summary card: no danger, someone else, informed, consent, adult,
 * postcode, two signs ticked, a note, neighbour, the person's name and phone, the reporter's
 * name, organisation, sector (home care) and e-mail, wants feedback. The menu's "Signaal melden",
 * the signs card's checkboxes and "Klaar" are always clicked. Screenshots: `<n>-<step>` for each
 * question card and the summary card.
 */
export async function walkReportToSummary(chat: ChatDriver, t: Translator, menu: Locator, options: WalkOptions): Promise<WalkResult> {
  const title = (key: string) => t.t(`report:questions.${key}.title`);
  const option = (key: string, value: string) => t.t(`report:questions.${key}.options.${value}`);
  let mode: AnswerMode = options.mode;
  let shot = 10;
  const screenshot = async (step: string, card: Locator) => chat.screenshot(`${shot++}-${step}`, card);

  const byClick = async (card: Locator, answer: { button?: string; text?: string }) => {
    if (answer.text !== undefined) {
      await textInput(card).fill(answer.text);
      await chat.click(card, t.t('report:input.submit'));
    } else {
      await chat.click(card, answer.button!);
    }
  };
  const byTyping = (answer: { button?: string; text?: string }) => chat.send(answer.text ?? answer.button!);

  /** Answers the question on `card` and returns the next card, the first new one showing `nextText`. */
  const answer = async (card: Locator, given: { button?: string; text?: string }, nextText: string, step: string): Promise<Locator> => {
    let next: Locator;
    if (mode === 'type') {
      next = await chat.expectNewCard(nextText, () => byTyping(given));
    } else if (mode === 'click') {
      next = await chat.expectNewCard(nextText, () => byClick(card, given));
    } else {
      try {
        next = await chat.expectNewCard(nextText, () => byClick(card, given), PROBE_MS);
        mode = 'click';
      } catch {
        console.log(
          `The client sent nothing for a click on the question card ("${given.button ?? t.t('report:input.submit')}") ` +
            `within ${PROBE_MS} ms; the report is answered by typing from here on.`,
        );
        mode = 'type';
        next = await chat.expectNewCard(nextText, () => byTyping(given));
      }
    }
    await screenshot(step, next);
    return next;
  };
  const choose = (card: Locator, button: string, next: string) => answer(card, { button }, title(next), next);
  const type = (card: Locator, text: string, nextText: string, step: string) => answer(card, { text }, nextText, step);

  const danger = await chat.expectNewCard(title('danger'), () => chat.click(menu, t.t('cards:menu.report')));
  await chat.expectText(t.t('report:start'));
  await screenshot('danger', danger);
  const about = await choose(danger, option('danger', 'no'), 'about');
  const informed = await choose(about, option('about', 'other'), 'informed');
  const consent = await choose(informed, option('informed', 'yes'), 'consent');
  const ageGroup = await choose(consent, option('consent', 'yes'), 'ageGroup');
  const postcode = await choose(ageGroup, option('ageGroup', 'adult'), 'postcode');

  // The postcode's hint and a single-line text box.
  expect(await postcode.innerText()).toContain(t.t('report:questions.postcode.hint'));
  await expect(postcode.locator('input[type="text"]').count()).resolves.toBe(1);
  const signs = await type(postcode, ANSWERS.postcode, t.t('content:framing.choose'), 'signs');
  for (const [group, sign] of ANSWERS.signs) {
    const box = chat.checkbox(signs, t.t(`content:signs.${group}.items.${sign}`));
    await box.check();
    await expect(box.isChecked()).resolves.toBe(true);
  }
  await chat.screenshot(`${shot++}-signs-ticked`, signs);
  const note = await chat.expectNewCard(title('note'), () => chat.click(signs, t.t('cards:signs.submit')));
  await screenshot('note', note);
  // The note asks for no medical details, in a multi-line box.
  expect(await note.innerText()).toContain(t.t('report:questions.note.hint'));
  await expect(note.locator('textarea').count()).resolves.toBe(1);

  const relation = await type(note, ANSWERS.note, title('relation'), 'relation');
  const personName = await choose(relation, option('relation', 'neighbour'), 'personName');
  const personContact = await type(personName, ANSWERS.personName, title('personContact'), 'personContact');
  const reporterName = await type(personContact, ANSWERS.personContact, title('reporterName'), 'reporterName');
  const organisation = await type(reporterName, ANSWERS.reporterName, title('reporterOrganisation'), 'reporterOrganisation');
  const sector = await type(organisation, ANSWERS.reporterOrganisation, title('reporterSector'), 'reporterSector');
  const reporterContact = await choose(sector, option('reporterSector', 'homeCare'), 'reporterContact');
  const feedback = await type(reporterContact, ANSWERS.reporterContact, title('wantsFeedback'), 'wantsFeedback');
  const summary = await answer(feedback, { button: option('wantsFeedback', 'yes') }, t.t('report:summary.title'), 'summary');
  return { summary, answeredBy: mode === 'type' ? 'type' : 'click' };
}

/** "Versturen" on the summary card; returns the reference from "Uw signaal is doorgegeven. Het nummer is ...". */
export async function confirmReport(chat: ChatDriver, t: Translator, summary: Locator): Promise<string> {
  const marker = 'REFERENCEMARKER';
  const [before, after] = t.t('report:done.sent', { reference: marker }).split(marker) as [string, string];
  const sent = new RegExp(`${escapeRegExp(before)}(${referencePattern().source})${escapeRegExp(after)}`);
  await chat.click(summary, t.t('report:summary.confirm'));
  const message = await chat.expectText(sent);
  const reference = sent.exec(await message.innerText())?.[1];
  if (!reference) throw new Error(`no reference in: ${await message.innerText()}`);
  return reference;
}
