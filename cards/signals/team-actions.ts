import { z } from 'zod';
import { OUTCOMES } from '../../src/domain/signal';
import type { ActionRequest } from '../../src/application/signal-actions';

/**
 * The team card's Action.Execute invokes: `value.action.verb` plus `value.action.data`
 * (the card's data merged with the inputs of the ShowCard the button sits in).
 */
const signalId = z.string().uuid();

export const teamActionSchema = z.discriminatedUnion('verb', [
  z.object({ verb: z.literal('signal.claim'), data: z.object({ signalId }).strict() }),
  z.object({ verb: z.literal('signal.release'), data: z.object({ signalId }).strict() }),
  z.object({ verb: z.literal('signal.note'), data: z.object({ signalId, note: z.string().trim().min(1).max(1000) }).strict() }),
  z.object({ verb: z.literal('signal.forward'), data: z.object({ signalId, to: z.string().regex(/^[A-Za-z0-9-]{2,40}$/) }).strict() }),
  z.object({ verb: z.literal('signal.close'), data: z.object({ signalId, outcome: z.enum(OUTCOMES) }).strict() }),
]);

export type TeamAction = z.infer<typeof teamActionSchema>;

/** Reads an invoke's action; undefined when it is not one of ours or fails the schema. */
export function parseTeamAction(action: unknown): { signalId: string; request: ActionRequest } | undefined {
  const parsed = teamActionSchema.safeParse(action);
  if (!parsed.success) return undefined;
  const { verb, data } = parsed.data;
  switch (verb) {
    case 'signal.claim':
      return { signalId: data.signalId, request: { action: 'claim' } };
    case 'signal.release':
      return { signalId: data.signalId, request: { action: 'release' } };
    case 'signal.note':
      return { signalId: data.signalId, request: { action: 'note', text: parsed.data.data.note } };
    case 'signal.forward':
      return { signalId: data.signalId, request: { action: 'forward', to: parsed.data.data.to } };
    case 'signal.close':
      return { signalId: data.signalId, request: { action: 'close', outcome: parsed.data.data.outcome } };
  }
}
