import { z } from 'zod';

const channelAccount = z.looseObject({ id: z.string().min(1).max(512) });

/**
 * The envelope every inbound activity must have before botbuilder sees it. Fields the bot uses
 * later (value, text, channelData) are checked again where they are used; this guards the
 * things botbuilder itself relies on (a reply needs a serviceUrl and a conversation).
 * Unknown activity types pass: the bot ignores them politely with 200.
 */
export const inboundActivitySchema = z.looseObject({
  type: z.string().min(1).max(64),
  id: z.string().max(512).optional(),
  channelId: z.string().min(1).max(64),
  serviceUrl: z.url({ protocol: /^https?$/ }).max(2048),
  conversation: z.looseObject({ id: z.string().min(1).max(1024) }),
  from: channelAccount.optional(),
  recipient: channelAccount.optional(),
  text: z.string().max(20_000).optional(),
  locale: z.string().max(32).optional(),
});

export type InboundActivity = z.infer<typeof inboundActivitySchema>;

/** Names of the envelope fields that failed, for a log line without any values. */
export function invalidFields(error: z.ZodError): string[] {
  return [...new Set(error.issues.map((i) => i.path.join('.') || '(body)'))];
}
