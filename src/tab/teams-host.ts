/**
 * The tab's only contact with Microsoft Teams (teams-js): initialise, read the context, get an SSO
 * token, follow theme changes. Outside Teams `app.initialize()` rejects at once ("No Parent window
 * found") or, inside a frame that is not Teams, never answers: both end in `undefined` within
 * `timeoutMs`, and the page says to open the tab in Teams instead of hanging.
 */
import { app, authentication } from '@microsoft/teams-js';

export interface TeamsSession {
  /** The Teams locale, e.g. "nl-NL". */
  locale: string | undefined;
  /** "default", "dark" or "contrast". */
  theme: string | undefined;
  /** The team's internal id ("19:...@thread.tacv2"), as the bot knows it from conversationUpdate. */
  teamId: string | undefined;
  channelId: string | undefined;
  getToken(): Promise<string>;
  onThemeChange(handler: (theme: string) => void): void;
  /** Tells Teams the tab has loaded (hides Teams' own loading indicator). */
  notifyLoaded(): void;
}

export const TEAMS_TIMEOUT_MS = 4000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = window.setTimeout(() => reject(new Error('timeout')), ms);
    promise.then(
      (value) => {
        window.clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        window.clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** Connects to the Teams host, or resolves `undefined` when there is none (within `timeoutMs`). */
export async function connectToTeams(timeoutMs = TEAMS_TIMEOUT_MS): Promise<TeamsSession | undefined> {
  let context: app.Context;
  try {
    await withTimeout(app.initialize(), timeoutMs);
    context = await withTimeout(app.getContext(), timeoutMs);
  } catch {
    return undefined;
  }
  return {
    locale: context.app.locale,
    theme: context.app.theme,
    teamId: context.team?.internalId,
    channelId: context.channel?.id,
    getToken: () => withTimeout(authentication.getAuthToken(), 30_000),
    onThemeChange: (handler) => app.registerOnThemeChangeHandler(handler),
    notifyLoaded: () => {
      app.notifyAppLoaded();
      void app.notifySuccess().catch(() => undefined);
    },
  };
}
