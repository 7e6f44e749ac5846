import type { Activity } from 'botbuilder';
import type { DialogTestClient } from 'botbuilder-testing';
import type { CirclesPort } from '../../src/application/circles/circles.types';
import { elementsOfType } from './adaptive-cards';
import type { CircleWorld } from './circle-fixtures';
import { rootClient, type RootClientOptions, textOf, turn } from './dialog-client';

/**
 * Step tables for the call-circle dialogs: what a person sends (text, or a card submit as
 * `{ value }`), what the bot's replies must contain, and what they must not. The circles are the
 * real use cases on a temp folder with a fixed clock (test/helpers/circle-fixtures.ts).
 */
export type Input = string | { value: unknown };
export type Step = [input: Input, expected: RegExp | string, absent?: RegExp | string];

export const CARD = 'application/vnd.microsoft.card.adaptive';

export async function play(client: DialogTestClient, steps: readonly Step[]): Promise<Array<Partial<Activity>[]>> {
  const transcript: Array<Partial<Activity>[]> = [];
  for (const [input, expected, absent] of steps) {
    const replies = await turn(client, input);
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
      throw new Error(`after ${JSON.stringify(input)}: ${(error as Error).message}\n--- replies ---\n${reply}`);
    }
  }
  return transcript;
}

/** One person's personal chat with the bot, on the circles of `world` (or another port). */
export function circleChat(port: CircleWorld | CirclesPort, channel: 'sms' | 'msteams', locale: string, chatKey: string, options: Omit<RootClientOptions, 'circles' | 'chatKey'> = {}) {
  const circles = 'circles' in port ? port.circles : port;
  return rootClient(channel, locale, undefined, { circles, chatKey, userName: 'Test Coördinator', ...options });
}

/** A card submit. */
export const submit = (value: Record<string, unknown>): { value: unknown } => ({ value });
/** An answer on a circle question card. */
export const answer = (field: string, value?: string, extra: Record<string, string> = {}) =>
  submit({ verb: 'circle.answer', field, ...(value === undefined ? {} : { value }), ...extra });

/** The data of every Adaptive Card submit in the replies, for pressing a button the bot sent. */
export function submitsIn(replies: Partial<Activity>[]): Array<Record<string, unknown>> {
  return elementsOfType(replies.map((r) => r.attachments?.map((a) => a.content)), 'Action.Submit').map((a) => a.data as Record<string, unknown>);
}
