import { AutoSaveStateMiddleware, ConversationState, MemoryStorage, type Middleware, UserState, type Activity, type TurnContext } from 'botbuilder';
import { DialogTestClient } from 'botbuilder-testing';
import { RootDialog } from '../../dialogs/root.dialog';
import { localeMiddleware } from '../../dialogs/locale';
import { setFirstContact } from '../../dialogs/turn-context';
import { OBSERVATION_PROPERTY, PROFILE_PROPERTY, type Observation, type UserProfile } from '../../dialogs/user-profile';
import { createTranslations } from '../../src/i18n/i18n';
import type { Logger } from '../../src/ports/logger';
import type { Translator } from '../../src/ports/translator';
import type { ReportSignalPort } from '../../src/application/report-signal.types';
import type { CirclesPort } from '../../src/application/circles/circles.types';

/** A logger that keeps lines in memory, for assertions on codes and on what is never logged. */
export function memoryLogger(lines: Array<Record<string, unknown>> = []): Logger & { lines: typeof lines } {
  const make = (bound: Record<string, unknown>): Logger & { lines: typeof lines } => {
    const write = (level: string) => (fields: Record<string, unknown>, msg: string) => lines.push({ level, ...bound, ...fields, msg });
    return { lines, debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error'), child: (f) => make({ ...bound, ...f }) };
  };
  return make({});
}

export const translations = createTranslations({ strict: true });
export const nl: Translator = translations.forLocale('nl');
export const en: Translator = translations.forLocale('en');

/** A report port that accepts every draft; the report dialog has its own tests with a richer fake. */
export function acceptingReportPort(): ReportSignalPort & { submits: number } {
  const port = {
    submits: 0,
    retentionDays: 90,
    async checkPostcode() {
      return { kind: 'ok' as const, signaalpuntName: 'Signaalpunt Test' };
    },
    async submit() {
      port.submits += 1;
      return { ok: true as const, reference: 'SIG-2026-000001', signaalpuntName: 'Signaalpunt Test', deadline: '2026-12-02' };
    },
    async statusForReporter() {
      return [{ reference: 'SIG-2026-000001', status: 'claimed' as const, createdAt: '2026-11-28T09:00:00.000Z' }];
    },
  };
  return port;
}

/** A chat in no call circle: the circles menu is empty, and every circle action is refused. */
export function noCirclesPort(): CirclesPort {
  const refuse = async () => ({ ok: false as const, code: 'CIRCLE_NOT_FOUND' as const });
  return {
    create: refuse,
    listFor: async () => [],
    view: refuse,
    edit: refuse,
    remove: refuse,
    invite: refuse,
    join: async () => ({ ok: false as const, code: 'INVITE_UNKNOWN' as const }),
    decideCoordinator: refuse,
    memberToday: refuse,
    checkIn: refuse,
    reportNotReached: refuse,
    closeRound: refuse,
    acknowledge: refuse,
    alertNotice: refuse,
    resolve: refuse,
  };
}

export interface RootClientOptions {
  /** Call circles: the real use cases on a temp folder (test/helpers/circle-fixtures.ts), or none. */
  circles?: CirclesPort;
  /** This chat's key, as the chat directory would give it. */
  chatKey?: string;
  /** The chat directory itself (src/main.ts passes `chats.rememberTurn`); instead of `chatKey`. */
  rememberChat?: (context: TurnContext) => Promise<string>;
  /** Teams' `conversationType` (`personal`, `groupChat`, `channel`); unset like Web Chat. */
  conversationType?: string;
  /** The user's name as the channel gives it. */
  userName?: string;
  /** The card a button was pressed on (Teams sets `replyToId` on a card's submit). */
  replyToId?: string;
  /** Told of every activity the bot updates in place. */
  onUpdate?: (activity: Partial<Activity>) => void;
}

/** The root dialog with the same locale resolution as the bot, on a channel with or without cards. */
export function rootClient(channelId: 'sms' | 'msteams', locale: string, report: ReportSignalPort = acceptingReportPort(), options: RootClientOptions = {}) {
  const storage = new MemoryStorage();
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const profile = userState.createProperty<UserProfile>(PROFILE_PROPERTY);
  const logger = memoryLogger();
  const root = new RootDialog({
    profile,
    observation: conversationState.createProperty<Observation>(OBSERVATION_PROPERTY),
    translations,
    logger,
    report,
    rememberChat: options.rememberChat ?? (async () => options.chatKey ?? 'chat-key-synthetic'),
    circles: options.circles ?? noCirclesPort(),
  });
  // The client's locale, as Teams or Web Chat would send it on every activity.
  const clientLocale: Middleware = {
    async onTurn(context, next) {
      context.activity.locale ??= locale;
      if (options.conversationType) context.activity.conversation = { ...context.activity.conversation, conversationType: options.conversationType };
      if (options.userName) context.activity.from = { ...context.activity.from, name: options.userName };
      if (options.replyToId) context.activity.replyToId = options.replyToId;
      const onUpdate = options.onUpdate;
      if (onUpdate) {
        context.onUpdateActivity(async (_ctx, activity, nextUpdate) => {
          onUpdate(activity);
          await nextUpdate();
        });
      }
      await next();
    },
  };
  // The bot marks the first message of a conversation (Web Chat sends no "members added").
  let first = true;
  const firstContact: Middleware = {
    async onTurn(context, next) {
      setFirstContact(context, first);
      first = false;
      await next();
    },
  };
  // What the locale resolution left on each turn's activity (built-in prompts read it).
  const turnLocales: string[] = [];
  const recordLocale: Middleware = {
    async onTurn(context, next) {
      turnLocales.push(context.activity.locale ?? '');
      await next();
    },
  };
  const client = new DialogTestClient(
    channelId,
    root,
    undefined,
    [clientLocale, firstContact, localeMiddleware(profile, translations, 'nl'), recordLocale, new AutoSaveStateMiddleware(userState)],
    conversationState,
  );
  return { client, logger, turnLocales };
}

/** Sends one user message (text or card submit) and returns every reply of that turn. */
export async function turn(client: DialogTestClient, input: string | { value: unknown }): Promise<Partial<Activity>[]> {
  const activity = typeof input === 'string' ? { type: 'message', text: input } : { type: 'message', value: input.value };
  const first = await client.sendActivity(activity);
  const replies: Partial<Activity>[] = first ? [first] : [];
  for (let next = client.getNextReply(); next; next = client.getNextReply()) replies.push(next);
  return replies;
}

export const textOf = (replies: Partial<Activity>[]): string => replies.map((r) => r.text ?? JSON.stringify(r.attachments ?? '')).join('\n');
