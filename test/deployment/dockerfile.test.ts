import fs from 'node:fs';
import path from 'node:path';
import { validate } from 'dockerfile-utils';

const root = path.resolve(__dirname, '../..');
const dockerfile = fs.readFileSync(path.join(root, 'deployment/Dockerfile'), 'utf8');
const dockerignore = fs.readFileSync(path.join(root, '.dockerignore'), 'utf8').split('\n');

/** Instructions of one stage, without comments and continuation lines joined. */
function stages(text: string): string[][] {
  const joined = text.replace(/\\\n/g, ' ');
  const lines = joined.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  const out: string[][] = [];
  for (const line of lines) {
    if (/^FROM\s/i.test(line)) out.push([]);
    out[out.length - 1]?.push(line);
  }
  return out;
}

describe('deployment/Dockerfile', () => {
  it('When the Dockerfile is linted offline, then there are no problems', () => {
    const problems = validate(dockerfile).map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
    expect(problems).toEqual([]);
  });

  it('When the linter sees a broken instruction, then it reports it (the lint can fail)', () => {
    expect(validate(`${dockerfile}\nEXPOSE not-a-port\nHEALTHCHECK\n`).length).toBeGreaterThan(0);
  });

  it('When the base image is named, then it is Node 24 pinned by digest', () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:24[\w.-]*@sha256:[0-9a-f]{64}$/m);
    // A real digest, not a placeholder that fails the first build.
    expect(dockerfile).not.toMatch(/@sha256:0{64}/);
    for (const stage of stages(dockerfile)) expect(stage[0]).toMatch(/^FROM \$\{NODE_IMAGE\} AS \w+$/);
  });

  it('When the final stage is read, then it is production-only, non-root, with an init and a health check', () => {
    const all = stages(dockerfile);
    expect(all.length).toBeGreaterThanOrEqual(2);
    const build = all[0]!.join('\n');
    const final = all[all.length - 1]!.join('\n');
    expect(build).toMatch(/npm prune --omit=dev/);
    expect(final).toMatch(/NODE_ENV=production/);
    expect(final).toMatch(/^USER node$/m);
    expect(final).toMatch(/^ENTRYPOINT \["\/usr\/bin\/tini", "--"\]$/m);
    expect(final).toMatch(/^HEALTHCHECK .*\/healthz/m);
    expect(final).toMatch(/^CMD \["node", "dist\/src\/main.js"\]$/m);
    // No compilers, no full install in the runtime stage.
    expect(final).not.toMatch(/npm (ci|install)|build-essential|python3|\bgcc\b|\bmake\b/);
    // The user switch comes after the last RUN, so nothing later runs as root.
    const lines = all[all.length - 1]!;
    const lastRun = lines.map((l) => l.startsWith('RUN ')).lastIndexOf(true);
    expect(lines.findIndex((l) => l === 'USER node')).toBeGreaterThan(lastRun);
  });

  it('When the build context is filtered, then data, .env files, keys and tests stay out', () => {
    for (const entry of ['data', '**/data', '.env', '.env.*', '**/*.key', 'test', '**/node_modules']) {
      expect(dockerignore).toContain(entry);
    }
  });

  it('When the compose file is read, then it runs the bot from this Dockerfile next to PostgreSQL', () => {
    const compose = fs.readFileSync(path.join(root, 'deployment/compose.yaml'), 'utf8');
    expect(compose).toMatch(/dockerfile: deployment\/Dockerfile/);
    expect(compose).toMatch(/image: postgres:\d+/);
    expect(compose).toMatch(/DATABASE_URL: postgres:\/\//);
    expect(compose).not.toMatch(/POSTGRES_PASSWORD: [^$]/);
  });
});
