import path from 'node:path';
import type restify from 'restify';
import { type Config, projectRoot } from '../config/config';
import type { SignaalpuntenConfig } from '../domain/routing';
import { createDevTokenIssuer, DEV_TAB_AUDIENCE, type DevTokenIssuer, registerDevTab } from '../adapters/dev/tab-dev';
import { seedDevTabDemo } from '../adapters/dev/tab-demo';
import { registerTabApi } from '../adapters/http/tab-api';
import type { TabAuthOptions } from '../adapters/http/tab-auth';
import { registerTabPages } from '../adapters/http/tab-static';
import type { Core } from './compose-core';
import type { SignalFeature } from './compose-signals';

/**
 * The Teams tab: its pages, and its API when tokens can be checked. Tried locally (issue 14,
 * development only) a stand-in Teams host issues the tokens, and the demo may seed a linked team.
 */
export async function composeTab(server: restify.Server, config: Config, core: Core, signals: SignalFeature): Promise<void> {
  const { logger, clock, signaalpunten, stores } = core;
  registerTabPages(server, { distDir: path.join(projectRoot(), 'dist', 'tab') });
  const devTab = config.tab.dev.enabled ? await createDevTokenIssuer({ env: config.env, tenantId: signaalpunten.tenantId, clock }) : undefined;
  if (devTab) {
    registerDevTab(server, devTab);
    if (config.tab.dev.demo) {
      const { links, report } = signals;
      await seedDevTabDemo({ config: core.spConfig, links, linkStore: stores.links, roster: stores.roster, report, logger, playgroundPort: config.playground.port });
    }
  }
  const auth = tabAuth(config, signaalpunten, devTab);
  if (!auth) {
    logger.warn({ code: 'TAB_API_OFF' }, 'the tab API is off: it needs MicrosoftAppId (or TAB_AUDIENCE) to check Teams tokens');
    return;
  }
  registerTabApi(server, { queries: signals.queries, links: stores.links, roster: stores.roster, actions: signals.actions, clock, logger, auth });
}

/**
 * Who may call the tab API: the local stand-in's tokens when the tab is tried locally, else Entra
 * tokens for the configured audience; undefined when there is no audience to check against.
 * Either way only the signaalpunten's tenant, and only a signed-in user: the tab acts for one, so
 * an app-only token is never one of its callers.
 */
export function tabAuth(config: Config, signaalpunten: SignaalpuntenConfig, devTab: DevTokenIssuer | undefined): TabAuthOptions | undefined {
  const checks = { tenantIds: [signaalpunten.tenantId], userTokensOnly: true };
  if (devTab) return { ...checks, keySet: devTab.keySet, audience: DEV_TAB_AUDIENCE, requiredScope: 'access_as_user' };
  if (config.tab.audience.length === 0) return undefined;
  return {
    ...checks,
    jwksUrl: config.tab.jwksUrl,
    audience: config.tab.audience,
    requiredScope: config.tab.requiredScope,
    allowedClientIds: config.tab.allowedClientIds,
  };
}
