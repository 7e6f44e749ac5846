/** Channels whose clients render Adaptive Cards 1.5 with Action.Submit. Others get the text fallback. */
const CARD_CHANNELS: ReadonlySet<string> = new Set(['msteams', 'webchat', 'directline', 'emulator']);

export function channelRendersCards(channelId: string | undefined): boolean {
  return channelId !== undefined && CARD_CHANNELS.has(channelId);
}

/** Bot Framework Web Chat through Direct Line (Azure's, or the local stand-in that says `emulator`). */
const WEB_CHAT_CHANNELS: ReadonlySet<string> = new Set(['webchat', 'directline', 'emulator']);

/** True for the web chat page: call circles stay Teams-only there (no trusted coordinator identity). */
export function isWebChatChannel(channelId: string | undefined): boolean {
  return channelId !== undefined && WEB_CHAT_CHANNELS.has(channelId);
}
