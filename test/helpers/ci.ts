/**
 * True on CI (CI=true or CI=1, as CI services set it): there a missing browser, PostgreSQL server
 * or ../shared fixture folder fails the run instead of leaving its tests out. One rule for all
 * three, and the same one jest.config.js uses for the PostgreSQL coverage threshold.
 */
export function onCI(env: NodeJS.ProcessEnv = process.env): boolean {
  return ['true', '1'].includes((env.CI ?? '').toLowerCase());
}
