/** Whole-page states before the tab proper: loading, outside Teams, and no team in the context. */
import type { MyTeams } from './api-schemas';
import { button, h } from './dom';
import type { Translate } from './i18n';

function page(root: HTMLElement, ...content: Node[]): void {
  root.replaceChildren(h('main', { class: 'page-message' }, ...content));
}

export function renderLoading(root: HTMLElement, t: Translate): void {
  page(root, h('p', { role: 'status', class: 'loading' }, t.t('loading')));
}

/** Shown when teams-js finds no Teams host: both languages, the browser's first. */
export function renderOutsideTeams(root: HTMLElement, t: Translate): void {
  const other = t.locale === 'nl' ? 'en' : 'nl';
  page(
    root,
    h('h1', { 'data-outside': '' }, t.t('outside.title')),
    h('p', {}, t.t('outside.text')),
    h('p', { lang: other }, t.t('outside.other')),
  );
}

export function renderNoTeam(root: HTMLElement, t: Translate): void {
  page(root, h('h1', {}, t.t('noTeam.title')), h('p', {}, t.t('noTeam.text')));
}

/** A personal tab for someone in several linked teams: pick one (each button names its signaalpunten). */
export function renderTeamChoice(root: HTMLElement, t: Translate, teams: MyTeams, choose: (teamId: string) => void): void {
  page(
    root,
    h('h1', {}, t.t('choose.title')),
    h('p', {}, t.t('choose.text')),
    h(
      'ul',
      { class: 'choices' },
      teams.map((team) => h('li', {}, button(team.signaalpunten.map((s) => s.name).join(', ') || team.teamId, () => choose(team.teamId), { class: 'secondary' }))),
    ),
  );
}

/** A failure before the tab could start (e.g. the token was refused while finding the user's teams). */
export function renderStartError(root: HTMLElement, t: Translate, key: string, retry: () => void): void {
  page(root, h('div', { role: 'alert', class: 'alert' }, h('p', {}, t.t(key)), button(t.t('errors.retry'), retry, { class: 'secondary' })));
}
