/**
 * The small decisions the composition root makes: which tokens the tab API checks, where a webhook
 * secret comes from, and how the outbox worker is woken before and after it exists.
 */
import { createDevTokenIssuer, DEV_TAB_AUDIENCE } from '../../src/adapters/dev/tab-dev';
import { loadConfig } from '../../src/config/config';
import { webhookSecretFor } from '../../src/compose/compose-delivery';
import { tabAuth } from '../../src/compose/compose-tab';
import { createWaker } from '../../src/compose/waker';
import type { SignaalpuntenConfig } from '../../src/domain/routing';
import { exampleConfig } from '../helpers/app-fixtures';

const SIGNAALPUNTEN = exampleConfig();
const AUDIENCE = 'api://tab.example.org/00000000-aaaa-4bbb-8ccc-000000000009';

describe('createWaker', () => {
  test('When a use case wakes before the worker is bound, then nothing is called; after the bind, the worker is', () => {
    const waker = createWaker();
    const worker = {
      wakes: 0,
      wake() {
        this.wakes += 1;
      },
    };
    waker.wake();
    waker.bind(worker);
    const { wake } = waker;
    wake();
    wake();
    expect(worker.wakes).toBe(2);
  });
});

describe('tabAuth', () => {
  test('When the bot has no app id and no TAB_AUDIENCE, then the tab API has no auth (it stays off)', () => {
    expect(tabAuth(loadConfig({ NODE_ENV: 'test' }), SIGNAALPUNTEN, undefined)).toBeUndefined();
  });

  test('When an audience is configured, then Entra tokens of the signaalpunten tenant, for a user, are checked', () => {
    const config = loadConfig({ NODE_ENV: 'test', TAB_AUDIENCE: AUDIENCE, TAB_REQUIRED_SCOPE: 'access_as_user' });
    expect(tabAuth(config, SIGNAALPUNTEN, undefined)).toEqual({
      jwksUrl: config.tab.jwksUrl,
      audience: [AUDIENCE],
      tenantIds: [SIGNAALPUNTEN.tenantId],
      requiredScope: 'access_as_user',
      allowedClientIds: config.tab.allowedClientIds,
      userTokensOnly: true,
    });
  });

  test('When the tab is tried locally, then the stand-in issuer is trusted, and still only for a user of the tenant', async () => {
    const config = loadConfig({ NODE_ENV: 'development', TAB_AUDIENCE: AUDIENCE });
    const devTab = await createDevTokenIssuer({ env: 'development', tenantId: SIGNAALPUNTEN.tenantId, clock: { now: () => new Date() } });
    expect(tabAuth(config, SIGNAALPUNTEN, devTab)).toEqual({
      keySet: devTab.keySet,
      audience: DEV_TAB_AUDIENCE,
      tenantIds: [SIGNAALPUNTEN.tenantId],
      requiredScope: 'access_as_user',
      userTokensOnly: true,
    });
  });
});

describe('webhookSecretFor', () => {
  const withWebhook: SignaalpuntenConfig = {
    ...SIGNAALPUNTEN,
    signaalpunten: SIGNAALPUNTEN.signaalpunten.map((sp, i) =>
      i === 0 ? { ...sp, targets: [...sp.targets.filter((t) => t.kind !== 'webhook'), { kind: 'webhook', url: 'https://hook.example.org/in', secretEnv: 'HOOK_SECRET_TEST' }] } : sp,
    ),
  };
  const first = withWebhook.signaalpunten[0]!.id;
  const second = withWebhook.signaalpunten[1]!.id;

  test('When a signaalpunt has a webhook target, then its secret is read by the name the target gives', () => {
    expect(webhookSecretFor(withWebhook, { HOOK_SECRET_TEST: 'geheim' })(first)).toBe('geheim');
  });

  test('When the secret is not set, or the signaalpunt is unknown, then there is none', () => {
    expect(webhookSecretFor(withWebhook, {})(first)).toBeUndefined();
    expect(webhookSecretFor(withWebhook, { HOOK_SECRET_TEST: 'geheim' })('GM9999')).toBeUndefined();
    expect(webhookSecretFor(withWebhook, { HOOK_SECRET_TEST: 'geheim' })(second)).toBeUndefined();
  });
});
