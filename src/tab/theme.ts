/** Teams themes map to a `data-theme` on <html>; tab.css holds the colours for each. */
export type TabTheme = 'default' | 'dark' | 'contrast';

export function themeFromTeams(theme: string | undefined): TabTheme {
  return theme === 'dark' || theme === 'contrast' ? theme : 'default';
}

export function applyTheme(theme: string | undefined): TabTheme {
  const chosen = themeFromTeams(theme);
  document.documentElement.dataset.theme = chosen;
  return chosen;
}
