import { AutoSaveStateMiddleware, ConversationState, MemoryStorage, type Middleware, UserState } from 'botbuilder';
import { ComponentDialog, Dialog, type DialogContext, type DialogTurnResult, DialogTurnStatus } from 'botbuilder-dialogs';
import { DialogTestClient } from 'botbuilder-testing';
import { localeMiddleware } from '../../dialogs/locale';
import { REPORT_DIALOG, type ReportOptions, ReportSignalDialog } from '../../dialogs/report-signal.dialog';
import { OBSERVATION_PROPERTY, PROFILE_PROPERTY, type Observation, type UserProfile } from '../../dialogs/user-profile';
import type { ReportSignalPort } from '../../src/application/report-signal.types';
import { memoryLogger, translations } from './dialog-client';

/** Marks the end of the report dialog in the replies: `[ended <result as JSON>]`. */
export const ENDED = '[ended';
/** What the harness says to a message that arrives after the report dialog ended (the root's part). */
export const IDLE = '[no dialog]';

/**
 * Stands in for the root: begins the report dialog once, passes every turn to it, and records
 * what it ends with. After the end it only says IDLE, so a test sees whether a replayed card
 * submit was still handled by the report dialog itself.
 */
class ReportHarness extends ComponentDialog {
  readonly results: unknown[] = [];

  constructor(report: ReportSignalDialog, private readonly options: ReportOptions) {
    super('harness');
    this.addDialog(report);
  }

  protected override async onBeginDialog(dc: DialogContext): Promise<DialogTurnResult> {
    return this.record(dc, await dc.beginDialog(REPORT_DIALOG, this.options));
  }

  protected override async onContinueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    if (!dc.activeDialog) {
      await dc.context.sendActivity(IDLE);
      return Dialog.EndOfTurn;
    }
    return this.record(dc, await dc.continueDialog());
  }

  private async record(dc: DialogContext, result: DialogTurnResult): Promise<DialogTurnResult> {
    if (result.status === DialogTurnStatus.complete) {
      this.results.push(result.result ?? null);
      await dc.context.sendActivity(`${ENDED} ${JSON.stringify(result.result ?? null)}]`);
    }
    return Dialog.EndOfTurn;
  }
}

export interface ReportClientOptions extends ReportOptions {
  /** Signs already in the conversation's observation (from "Signalen herkennen"). */
  observed?: Observation['signs'];
}

/** The report dialog on a channel with or without cards, with the bot's locale resolution. */
export function reportClient(channelId: 'sms' | 'msteams', locale: string, report: ReportSignalPort, options: ReportClientOptions = {}) {
  const storage = new MemoryStorage();
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const profile = userState.createProperty<UserProfile>(PROFILE_PROPERTY);
  const observation = conversationState.createProperty<Observation>(OBSERVATION_PROPERTY);
  const logger = memoryLogger();
  const chats: string[] = [];
  const rememberChat = async () => {
    chats.push('chat-1');
    return 'chat-1';
  };
  const harness = new ReportHarness(new ReportSignalDialog({ report, observation, rememberChat, logger }), { signs: options.signs });
  let seeded = false;
  const clientLocale: Middleware = {
    async onTurn(context, next) {
      context.activity.locale ??= locale;
      if (options.observed && !seeded) await observation.set(context, { signs: options.observed });
      seeded = true;
      await next();
    },
  };
  const client = new DialogTestClient(
    channelId,
    harness,
    undefined,
    [clientLocale, localeMiddleware(profile, translations, 'nl'), new AutoSaveStateMiddleware(userState)],
    conversationState,
  );
  return { client, logger, results: harness.results, chats, storage };
}
