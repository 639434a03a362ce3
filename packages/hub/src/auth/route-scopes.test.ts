import type { RouteOptions } from 'fastify';
import { startFleet, type Fleet } from '@smsfleet/fleet-sim';
import { API_KEY_SCOPES, createMemoryStore, type ApiKeyScope, type Store } from '@smsfleet/core';
import { buildApp } from '../app';
import { FleetRegistry } from '../fleet';
import { SIM_PHONES, fleetConfigFromSim, testConfig } from '../testing';
import type { HubApp } from '../types';
import { createApiKey } from './api-keys';
import { routeScope } from './scopes';

/**
 * Generated from the route table: every route the hub registers (with its send pipeline) declares a scope or
 * `public`, and the auth plugin enforces exactly that scope. A new route without a scope fails here.
 */
describe('every route declares and enforces its scope', () => {
  let fleet: Fleet;
  let store: Store;
  let app: HubApp;
  // The route objects themselves: hooks registered later (dashboard files, docs) still mark them public.
  const routes: { method: string; url: string; route: RouteOptions }[] = [];
  const keys = new Map<string, string>();
  const bearer = async (name: string, scopes: ApiKeyScope[]) => {
    const cached = keys.get(name);
    if (cached) return cached;
    const { key } = await createApiKey(store, name, new Date(), { scopes });
    keys.set(name, `Bearer ${key}`);
    return `Bearer ${key}`;
  };

  beforeAll(async () => {
    fleet = await startFleet({ seed: 3, phones: SIM_PHONES.slice(0, 1) });
    store = createMemoryStore();
    const registry = await FleetRegistry.create(fleetConfigFromSim(fleet), store);
    app = buildApp({
      config: testConfig({ SMSFLEET_RATE_LIMIT_PER_MIN: '1000000' }),
      store,
      fleet: registry,
      runWorkers: false,
      processMetrics: false,
    });
    app.addHook('onRoute', (r) => {
      for (const method of [r.method].flat()) routes.push({ method, url: r.url, route: r });
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await store.close();
    await fleet.close();
  });

  const scoped = () => routes.filter((r) => routeScope(r.route.config) !== 'public');
  const urlOf = (url: string) => url.replace(/:[A-Za-z]+/g, 'x').replace(/\*$/, 'x');

  it('finds the whole route table, keys and messages included', () => {
    const urls = routes.map((r) => `${r.method} ${r.url}`);
    expect(urls).toEqual(expect.arrayContaining(['POST /v1/messages', 'GET /v1/keys', 'POST /ingress/:connectionId']));
    expect(scoped().length).toBeGreaterThan(25);
  });

  it('has a scope or `public` on every route', () => {
    const valid = new Set<string>([...API_KEY_SCOPES, 'any', 'public']);
    const undeclared = routes
      .filter((r) => !valid.has(routeScope(r.route.config) ?? ''))
      .map((r) => `${r.method} ${r.url}`);
    expect(undeclared).toEqual([]);
  });

  it('refuses a key without the scope with 403 naming it, and lets a key with it through', async () => {
    const wrong: string[] = [];
    for (const r of scoped()) {
      const scope = routeScope(r.route.config) as ApiKeyScope | 'any';
      const url = urlOf(r.url);
      const method = r.method as 'GET';
      if (scope !== 'any') {
        const others = API_KEY_SCOPES.filter((s) => s !== scope && s !== 'admin');
        const without = await app.inject({
          method,
          url,
          headers: { authorization: await bearer(`-${scope}`, others) },
        });
        // HEAD answers carry no body: its status is the check.
        const error = r.method === 'HEAD' ? { details: { scope }, message: `\`${scope}\`` } : without.json().error;
        if (without.statusCode !== 403 || error.details?.scope !== scope || !error.message.includes(`\`${scope}\``))
          wrong.push(`${r.method} ${r.url} without ${scope}: ${without.statusCode} ${without.body.slice(0, 120)}`);
      }
      const granted = scope === 'any' ? 'read' : scope;
      const withIt = await app.inject({
        method,
        url,
        headers: { authorization: await bearer(`+${granted}`, [granted]) },
      });
      if (withIt.statusCode === 403 || withIt.statusCode === 401)
        wrong.push(`${r.method} ${r.url} with ${granted}: ${withIt.statusCode} ${withIt.body.slice(0, 120)}`);
      const admin = await app.inject({ method, url, headers: { authorization: await bearer('admin', ['admin']) } });
      if (admin.statusCode === 403) wrong.push(`${r.method} ${r.url} refused admin`);
    }
    expect(wrong).toEqual([]);
  });
});
