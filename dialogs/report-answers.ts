import type { TurnContext } from 'botbuilder';
import type { DialogTurnResult } from 'botbuilder-dialogs';
import { type QuestionKey, QUESTIONS, SKIP, type TypedCheck } from '../cards/signals/report-questions';
import { maxLengthOf, type ReportField } from '../src/application/report-draft';
import { isWithoutName, type ReportDraft, type ReportSignalPort } from '../src/application/report-signal.types';
import { parsePostcode } from '../src/domain/postcode';
import { type EmergencyKind, helpNumbersFor } from '../src/domain/emergency';
import type { AgeGroup } from '../src/domain/signal';
import type { Logger } from '../src/ports/logger';
import type { NextAction } from './card-prompt';
import { sendEmergency } from './emergency';
import { nextStage, type ReportState, type Stage } from './report-flow';
import { type Checked, checkContact, checkLine, checkNote, isFourDigits, splitAddress } from './report-validate';

const CHECKS: Readonly<Record<TypedCheck, (text: string, max: number) => Checked>> = { note: checkNote, line: checkLine, contact: checkContact };
import { translatorOf } from './turn-context';

/** What an answer may do with the dialog: move on (or stay) with a new state, or end it. */
export interface Step {
  context: TurnContext;
  log: Logger;
  port: ReportSignalPort;
  go(state: ReportState, stage: Stage, changes?: Partial<ReportState>): Promise<DialogTurnResult>;
  end(result?: NextAction): Promise<DialogTurnResult>;
}

type Problem = NonNullable<ReportState['problem']>;
type DangerKind = Exclude<EmergencyKind, 'general'>;

const TALK_FIRST: NextAction = { next: { verb: 'starters.start' } };
const MENU: NextAction = { next: { verb: 'menu.show' } };

/**
 * One answer of the report. Button answers were checked against the question's options by the
 * prompt, so their values are the domain's ids. Typed answers are checked here; a bad one asks
 * the same question again with the reason, and every earlier answer stays.
 */
export async function answerQuestion(step: Step, state: ReportState, key: QuestionKey, value: string): Promise<DialogTurnResult> {
  const again = (problem: Problem) => step.go(state, key, { problem });
  const forward = (from: Stage, draft: Partial<ReportDraft>) => {
    const next: ReportState = { ...state, draft: { ...state.draft, ...draft } };
    return step.go(next, nextStage(next, from));
  };
  /** A typed answer that may be skipped: "skip" clears the field, a bad one is asked again. */
  const typed = (field: ReportField, check: TypedCheck) => {
    if (value === SKIP) return forward(key, { [field]: undefined });
    const checked = CHECKS[check](value, maxLengthOf(field) ?? 0);
    return checked.ok ? forward(key, { [field]: checked.value }) : again({ key: checked.problem, ...(checked.vars ? { vars: checked.vars } : {}) });
  };

  const spec = QUESTIONS[key];
  if (spec.input && value.trim().length === 0) return again({ key: 'empty' });
  // A new age group may route elsewhere: during its correction the place is checked again.
  if (key === 'ageGroup' && state.correcting === 'age') return recheckPlace(step, { ...state, draft: { ...state.draft, ageGroup: value as AgeGroup } });
  // The questions that fill a field as it is: typed (checked), or a button value the schema allows.
  if (spec.fills) return spec.fills.check ? typed(spec.fills.field, spec.fills.check) : forward(key, { [spec.fills.field]: value });
  switch (key) {
    case 'danger':
      if (value === 'no') return forward(key, {});
      if (value === 'medical' || value === 'worry') {
        // Not acute: the right number, and the report about loneliness goes on (issue #14).
        step.log.info({ code: 'REPORT_WORRY', kinds: [value] }, 'non-acute worry at the start of a report: number shown');
        await sendEmergency(step.context, helpNumbersFor([value]), false);
        await step.context.sendActivity(translatorOf(step.context).t('report:danger.goOn'));
        return forward(key, {});
      }
      return danger(step, value as DangerKind);
    case 'about':
      if (value === 'other') return forward(key, { about: value });
      await step.context.sendActivity(translatorOf(step.context).t('report:self.luisterlijn'));
      // About oneself: informed and consenting by definition; the reporter's details are the person's.
      return forward(key, { about: 'self', informed: true, consent: true, relation: 'other', reporterSector: 'private' });
    case 'informed':
      return forward(key, value === 'yes' ? { informed: true } : { informed: false, consent: false });
    case 'consent':
      return forward(key, { consent: value === 'yes' });
    case 'noConsent':
      if (value === 'talkFirst') return step.end(TALK_FIRST);
      if (value === 'stop') {
        step.log.info({ code: 'REPORT_STOPPED' }, 'report stopped without consent; nothing stored');
        await step.context.sendActivity(translatorOf(step.context).t('report:stopped'));
        return step.end(MENU);
      }
      return forward(key, { consent: false, personName: undefined, personContact: undefined });
    case 'postcode':
      return answerPostcode(step, state, value.trim());
    case 'address':
    case 'houseNumber':
      return answerAddress(step, state, key, value.trim());
    case 'reuseSigns':
      return value === 'reuse' ? forward('signs', { signs: [...state.offered] }) : step.go(state, 'signs');
    case 'wantsFeedback':
      return forward(key, { wantsFeedback: value === 'yes' });
    default:
      throw new Error(`the report question ${key} has no answer`);
  }
}

/** Danger now: the numbers at once, and this report ends. Nothing is stored or queued. */
async function danger(step: Step, kind: DangerKind): Promise<DialogTurnResult> {
  step.log.info({ code: 'REPORT_DANGER', kinds: [kind] }, 'danger at the start of a report: numbers shown, nothing stored');
  await sendEmergency(step.context, helpNumbersFor([kind]), false);
  await step.context.sendActivity(translatorOf(step.context).t('report:danger.notHere'));
  return step.end(MENU);
}

/** The postcode as typed; the port says whether it is known and whether it needs the address. */
async function answerPostcode(step: Step, state: ReportState, typed: string): Promise<DialogTurnResult> {
  // Without name only the 4 digits are kept: letters typed anyway are dropped here (issue 14).
  const withoutAddress = isWithoutName(state.draft);
  const parsed = withoutAddress ? parsePostcode(typed) : undefined;
  const postcode = parsed?.ok ? parsed.pc4 : typed;
  const check = await step.port.checkPostcode({ postcode, ageGroup: ageGroupOf(state), ...(withoutAddress ? { withoutAddress } : {}) });
  step.log.info({ code: 'POSTCODE_CHECKED', result: check.kind }, 'postcode checked');
  switch (check.kind) {
    case 'ok':
      return placed(step, state, check.signaalpuntName, postcode);
    case 'needsAddress':
      // Never on the "zonder naam" path: the port places a shared postcode without the address there.
      if (withoutAddress) throw new Error('the address was asked for a report without name');
      return step.go(state, isFourDigits(postcode) ? 'address' : 'houseNumber', { pendingPostcode: postcode });
    case 'invalid':
      return step.go(state, 'postcode', { problem: { key: 'postcodeInvalid' } });
  }
}

/** The full postcode and house number (or only the number, for a full postcode already given). */
async function answerAddress(step: Step, state: ReportState, key: 'address' | 'houseNumber', text: string): Promise<DialogTurnResult> {
  const parts = splitAddress(text) ?? (key === 'houseNumber' && state.pendingPostcode ? { postcode: state.pendingPostcode, houseNumber: text } : undefined);
  if (!parts) return step.go(state, key, { problem: { key: 'addressInvalid' } });
  const check = await step.port.checkPostcode({ ...parts, ageGroup: ageGroupOf(state) });
  step.log.info({ code: 'POSTCODE_CHECKED', result: check.kind, withHouseNumber: true }, 'postcode checked');
  if (check.kind === 'ok') return placed(step, state, check.signaalpuntName, parts.postcode, parts.houseNumber);
  return step.go(state, key, { problem: { key: key === 'houseNumber' ? 'houseNumberInvalid' : 'addressInvalid' } });
}

function placed(step: Step, state: ReportState, signaalpuntName: string, postcode: string, houseNumber?: string) {
  const next: ReportState = {
    ...state,
    signaalpuntName,
    pendingPostcode: undefined,
    draft: { ...state.draft, postcode, houseNumber },
  };
  return step.go(next, nextStage(next, 'houseNumber'));
}

/** A new age group may route elsewhere: check the place again, and ask it again if it no longer fits. */
async function recheckPlace(step: Step, state: ReportState): Promise<DialogTurnResult> {
  const { postcode, houseNumber } = state.draft;
  const askPlace = () => step.go(state, 'postcode', { correcting: 'place' });
  if (postcode === undefined) return askPlace();
  const withoutAddress = isWithoutName(state.draft);
  const check = await step.port.checkPostcode({ postcode, houseNumber, ageGroup: ageGroupOf(state), ...(withoutAddress ? { withoutAddress } : {}) });
  if (check.kind !== 'ok') return askPlace();
  return step.go({ ...state, signaalpuntName: check.signaalpuntName }, 'summary');
}

function ageGroupOf(state: ReportState): AgeGroup {
  const { ageGroup } = state.draft;
  if (!ageGroup) throw new Error('postcode asked before the age group');
  return ageGroup;
}
