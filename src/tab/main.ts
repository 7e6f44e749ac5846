/**
 * Entry of the Signaalpunt tab (bundled by scripts/build-tab.js into dist/tab/main.js).
 * Shows "loading" at once, connects to Teams (or says to open the tab in Teams), then runs the tab
 * in the Teams locale and theme, following theme changes. In a channel the team comes from the
 * Teams context; in the personal tab from the API's list of the user's linked teams.
 */
import { createTabApi } from './api-client';
import type { MyTeams } from './api-schemas';
import { errorKey, TabApp } from './app';
import { createTranslate } from './i18n';
import { renderLoading, renderNoTeam, renderOutsideTeams, renderStartError, renderTeamChoice } from './pages';
import { connectToTeams } from './teams-host';
import { applyTheme } from './theme';

async function boot(root: HTMLElement): Promise<void> {
  const early = createTranslate(navigator.language);
  document.documentElement.lang = early.locale;
  renderLoading(root, early);

  const session = await connectToTeams();
  if (!session) {
    renderOutsideTeams(root, early);
    return;
  }
  const t = createTranslate(session.locale);
  document.documentElement.lang = t.locale;
  document.title = t.t('title');
  applyTheme(session.theme);
  session.onThemeChange((theme) => applyTheme(theme));
  session.notifyLoaded();

  const start = (teamId: string) => new TabApp(root, t, createTabApi({ teamId, getToken: session.getToken })).start();
  if (session.teamId) {
    await start(session.teamId);
    return;
  }
  // A personal tab has no team in its context: ask the API which linked teams the user is in.
  const choose = async (): Promise<void> => {
    renderLoading(root, t);
    let teams: MyTeams;
    try {
      teams = await createTabApi({ getToken: session.getToken }).myTeams();
    } catch (error) {
      renderStartError(root, t, errorKey(error), () => void choose());
      return;
    }
    const [only] = teams;
    if (!only) renderNoTeam(root, t);
    else if (teams.length === 1) await start(only.teamId);
    else renderTeamChoice(root, t, teams, (teamId) => void start(teamId));
  };
  await choose();
}

const root = document.getElementById('app');
if (root) void boot(root);
