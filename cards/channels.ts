/** Channels whose clients render Adaptive Cards 1.5 with Action.Submit. Others get the text fallback. */
const CARD_CHANNELS: ReadonlySet<string> = new Set(['msteams', 'webchat', 'directline', 'emulator']);

export function channelRendersCards(channelId: string | undefined): boolean {
  return channelId !== undefined && CARD_CHANNELS.has(channelId);
}
