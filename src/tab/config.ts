/**
 * Configuration page of the channel tab (the manifest's configurationUrl). There is nothing to
 * choose: the tab shows the signaalpunt linked to the channel, so the page explains that and lets
 * Teams save the tab with the content page's address.
 */
import { app, pages } from '@microsoft/teams-js';
import { h } from './dom';
import { createTranslate } from './i18n';
import { renderLoading, renderOutsideTeams } from './pages';
import { TEAMS_TIMEOUT_MS } from './teams-host';
import { applyTheme } from './theme';

/** The tab's entity id in Teams; the content page is the same for every channel. */
export const TAB_ENTITY_ID = 'signaalpunt';

function timeout(ms: number): Promise<never> {
  return new Promise((_resolve, reject) => window.setTimeout(() => reject(new Error('timeout')), ms));
}

async function boot(root: HTMLElement): Promise<void> {
  const early = createTranslate(navigator.language);
  renderLoading(root, early);
  let context: app.Context;
  try {
    await Promise.race([app.initialize(), timeout(TEAMS_TIMEOUT_MS)]);
    context = await Promise.race([app.getContext(), timeout(TEAMS_TIMEOUT_MS)]);
  } catch {
    renderOutsideTeams(root, early);
    return;
  }
  const t = createTranslate(context.app.locale);
  document.documentElement.lang = t.locale;
  applyTheme(context.app.theme);
  app.registerOnThemeChangeHandler((theme) => applyTheme(theme));
  root.replaceChildren(h('main', { class: 'page-message' }, h('h1', {}, t.t('config.title')), h('p', {}, t.t('config.text'))));

  pages.config.registerOnSaveHandler((save) => {
    const contentUrl = new URL('/tab/', window.location.origin).href;
    pages.config
      .setConfig({ entityId: TAB_ENTITY_ID, contentUrl, suggestedDisplayName: t.t('title') })
      .then(() => save.notifySuccess())
      .catch((error: unknown) => save.notifyFailure(error instanceof Error ? error.message : String(error)));
  });
  pages.config.setValidityState(true);
  app.notifyAppLoaded();
  void app.notifySuccess().catch(() => undefined);
}

const root = document.getElementById('app');
if (root) void boot(root);
