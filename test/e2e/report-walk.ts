import type { Locator } from 'playwright-core';
import type { Translator } from '../../src/ports/translator';

/**
 * "Signaal melden" walked by hand in a browser chat client, shared by the Agents Playground and
 * the Web Chat end-to-end tests: both render the bot's Adaptive Cards with the adaptivecards
 * renderer, so the same steps (click a button by its title, type into the card's text box and
 * press "Verder", tick checkboxes) work in both. Expected texts come from the locale files.
 */

/** What a chat client driver offers the walk (PlaygroundChat and WebChat both do). */
export interface ChatDriver {
  expectNewCard(hasText: string | RegExp, act: () => Promise<void>): Promise<Locator>;
  click(card: Locator, title: string): Promise<void>;
  checkbox(card: Locator, title: string): Locator;
  expectText(text: string | RegExp): Promise<Locator>;
  screenshot(step: string, card?: Locator): Promise<void>;
}

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
  return card.locator('input.ac-textInput, textarea.ac-textInput');
}

/**
 * From the menu card to the reference: no danger, someone else, informed, consent, adult,
 * postcode, two signs, a note, neighbour, the person's name and phone, the reporter's name,
 * organisation, sector (home care) and e-mail, wants feedback: returns the summary card.
 * Screenshots: `<n>-<step>` for each question card and the summary card.
 */
export async function walkReportToSummary(chat: ChatDriver, t: Translator, menu: Locator): Promise<Locator> {
  const menuReport = t.t('cards:menu.report');
  const title = (key: string) => t.t(`report:questions.${key}.title`);
  const option = (key: string, value: string) => t.t(`report:questions.${key}.options.${value}`);
  let shot = 10;
  const screenshot = async (step: string, card: Locator) => chat.screenshot(`${shot++}-${step}`, card);

  /** Clicks `button` on `card` and returns the next question's card (found by its title). */
  const choose = async (card: Locator, button: string, next: string): Promise<Locator> => {
    const found = await chat.expectNewCard(title(next), () => chat.click(card, button));
    await screenshot(next, found);
    return found;
  };
  /** Types `text` into the card's box and presses "Verder"; returns the next card with `nextText`. */
  const type = async (card: Locator, text: string, nextText: string, step: string): Promise<Locator> => {
    const box = textInput(card);
    await box.fill(text);
    const found = await chat.expectNewCard(nextText, () => chat.click(card, t.t('report:input.submit')));
    await screenshot(step, found);
    return found;
  };

  const danger = await chat.expectNewCard(title('danger'), () => chat.click(menu, menuReport));
  await chat.expectText(t.t('report:start'));
  await screenshot('danger', danger);
  const about = await choose(danger, option('danger', 'no'), 'about');
  const informed = await choose(about, option('about', 'other'), 'informed');
  const consent = await choose(informed, option('informed', 'yes'), 'consent');
  const ageGroup = await choose(consent, option('consent', 'yes'), 'ageGroup');
  const postcode = await choose(ageGroup, option('ageGroup', 'adult'), 'postcode');

  // The postcode's hint and a single-line text box.
  expect(await postcode.innerText()).toContain(t.t('report:questions.postcode.hint'));
  const signs = await type(postcode, ANSWERS.postcode, t.t('content:framing.choose'), 'signs');
  for (const [group, sign] of ANSWERS.signs) {
    const box = chat.checkbox(signs, t.t(`content:signs.${group}.items.${sign}`));
    await box.check();
    await expect(box.isChecked()).resolves.toBe(true);
  }
  const note = await chat.expectNewCard(title('note'), () => chat.click(signs, t.t('cards:signs.submit')));
  await screenshot('note', note);
  // The note asks for no medical details, in a multi-line box.
  expect(await note.innerText()).toContain(t.t('report:questions.note.hint'));
  await expect(note.locator('textarea.ac-textInput').count()).resolves.toBe(1);

  const relation = await type(note, ANSWERS.note, title('relation'), 'relation');
  const personName = await choose(relation, option('relation', 'neighbour'), 'personName');
  const personContact = await type(personName, ANSWERS.personName, title('personContact'), 'personContact');
  const reporterName = await type(personContact, ANSWERS.personContact, title('reporterName'), 'reporterName');
  const organisation = await type(reporterName, ANSWERS.reporterName, title('reporterOrganisation'), 'reporterOrganisation');
  const sector = await type(organisation, ANSWERS.reporterOrganisation, title('reporterSector'), 'reporterSector');
  const reporterContact = await choose(sector, option('reporterSector', 'homeCare'), 'reporterContact');
  const feedback = await type(reporterContact, ANSWERS.reporterContact, title('wantsFeedback'), 'wantsFeedback');

  const summary = await chat.expectNewCard(t.t('report:summary.title'), () => chat.click(feedback, option('wantsFeedback', 'yes')));
  await screenshot('summary', summary);
  return summary;
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

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
