/**
 * The one line `npm start` prints about where things listen (issue 14): the bot's endpoint and,
 * in development, the local Teams-like client. Plain text for people; the JSON log has LISTENING.
 */
export function listenLine(botUrl: string, playgroundUrl?: string): string {
  const bot = `Signaalbot listens on ${botUrl.replace(/\/$/, '')}/api/messages`;
  return playgroundUrl ? `${bot}; open the local Teams-like client at ${playgroundUrl}` : `${bot} (no local Teams-like client: PLAYGROUND=0 or not development)`;
}
