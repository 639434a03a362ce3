import { createHmac } from 'node:crypto';
import { startFleet, type Fleet } from '@smsfleet/fleet-sim';
import type { Store } from '@smsfleet/core';
import { buildApp } from '../app';
import { createApiKey } from '../auth/api-keys';
import { FleetRegistry } from '../fleet';
import { fleetConfigFromSim } from '../testing/from-sim';
import { FAST, freePort } from '../testing/pipeline-rig';
import { testConfig } from '../testing/test-config';
import type { HubApp } from '../types';

/** An ingress scheme: how a gateway signs its webhooks. */
export type Scheme = 'sms-gate' | 'sms-gate-local' | 'httpsms' | 'textbee' | 'mysmsgate';
export const SCHEMES: Scheme[] = ['sms-gate', 'sms-gate-local', 'httpsms', 'textbee', 'mysmsgate'];

/** A webhook a simulated phone really sent to the hub: the seed that the fuzzer mangles. */
export interface CapturedWebhook {
  scheme: Scheme;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

/** A hub listening on 127.0.0.1 with a phone of every gateway, and real webhooks of each captured. */
export interface FuzzHub {
  app: HubApp;
  port: number;
  apiKey: string;
  /** At least one real webhook per scheme (an inbound text), plus any others that came while capturing. */
  seeds: Map<Scheme, CapturedWebhook[]>;
  /** The connection id each scheme's webhooks go to. */
  connectionOf: Map<Scheme, string>;
  /**
   * Sign `body` as the gateway would (HMAC schemes), in place of the seed's signature, so that a mangled
   * body passes the signature check and reaches the parser. httpSMS's JWT does not cover the body: unchanged.
   */
  resign(scheme: Scheme, headers: Record<string, string>, body: Buffer): Record<string, string>;
  close(): Promise<void>;
}

const PHONES = [
  { id: 'pixel-a', gateway: 'sms-gate' as const, sims: [{ number: '+15550100001' }] },
  { id: 'pixel-b', gateway: 'sms-gate-local' as const, sims: [{ number: '+15550200001' }] },
  { id: 'moto', gateway: 'httpsms' as const, sims: [{ number: '+15550300001' }] },
  { id: 'tb', gateway: 'textbee' as const, sims: [{ number: '+15550400001' }] },
  { id: 'mg', gateway: 'mysmsgate' as const, sims: [{ number: '+15550500001' }] },
];

function hmacHex(key: string, ...parts: Buffer[]): string {
  const h = createHmac('sha256', key);
  for (const p of parts) h.update(p);
  return h.digest('hex');
}

/** Start the fleet and the hub, make every phone receive a text, and keep the webhooks that brings. */
export async function startFuzzHub(store: Store): Promise<FuzzHub> {
  const fleet: Fleet = await startFleet({ seed: 11, timing: FAST, phones: PHONES });
  const config = fleetConfigFromSim(fleet);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const registry = await FleetRegistry.create(config, store, { timeoutMs: 2_000 });
  const app = buildApp({
    config: testConfig({
      SMSFLEET_PORT: String(port),
      SMSFLEET_PUBLIC_URL: base,
      SMSFLEET_RATE_LIMIT_PER_MIN: '1000000',
    }),
    authFailuresPerMinute: 1_000_000, // the fuzzed bad keys would otherwise turn every later request into a 429
    store,
    fleet: registry,
    processMetrics: false,
    pipeline: { dispatcher: { idleMs: 20, pollAfterMs: 500 }, tracker: { idleMs: 20, pollEveryMs: 500 } },
  });

  const connectionOf = new Map<Scheme, string>();
  const schemeOf = new Map<string, Scheme>();
  for (const d of config.devices) {
    const scheme = PHONES.find((p) => p.id === d.id)!.gateway;
    connectionOf.set(scheme, d.connectionId);
    schemeOf.set(d.connectionId, scheme);
  }
  const seeds = new Map<Scheme, CapturedWebhook[]>();
  let onSeed = () => {};
  let capturing = true;
  app.addHook('preHandler', async (request) => {
    const m = /^\/ingress\/([^/?]+)/.exec(request.url);
    const scheme = m ? schemeOf.get(m[1]!) : undefined;
    if (!capturing || !scheme || !Buffer.isBuffer(request.body)) return;
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(request.headers)) if (typeof v === 'string') headers[k] = v;
    seeds.set(scheme, [
      ...(seeds.get(scheme) ?? []),
      { scheme, path: request.url, headers, body: Buffer.from(request.body) },
    ]);
    onSeed();
  });

  await app.listen({ host: '127.0.0.1', port });
  await registry.registerWebhooks(base);
  const { key } = await createApiKey(store, 'fuzz');
  const allSeen = new Promise<void>((resolve) => {
    onSeed = () => {
      if (SCHEMES.every((s) => seeds.has(s))) resolve();
    };
  });
  for (const p of PHONES) fleet.phone(p.id).receiveSms('+15557654321', `hello from ${p.id}`);
  await allSeen;
  capturing = false;

  const secrets: Record<Scheme, string | undefined> = {
    'sms-gate': fleet.phone('pixel-a').webhookSecret,
    'sms-gate-local': fleet.phone('pixel-b').webhookSecret,
    httpsms: undefined,
    textbee: (
      config.connections.find((c) => c.id === connectionOf.get('textbee'))!.connection as {
        webhookSigningSecret: string;
      }
    ).webhookSigningSecret,
    mysmsgate: fleet.gateways.mysmsgate.credentials.webhookSecret,
  };
  const resign = (scheme: Scheme, headers: Record<string, string>, body: Buffer): Record<string, string> => {
    const key = secrets[scheme];
    if (!key) return headers;
    const h = { ...headers };
    if (scheme === 'sms-gate' || scheme === 'sms-gate-local')
      h['x-signature'] = hmacHex(key, body, Buffer.from(h['x-timestamp'] ?? ''));
    if (scheme === 'textbee') h['x-signature'] = hmacHex(key, body);
    if (scheme === 'mysmsgate')
      h['x-mysmsgate-signature'] = `sha256=${hmacHex(key, Buffer.from(`${h['x-mysmsgate-timestamp'] ?? ''}.`), body)}`;
    return h;
  };
  return {
    app,
    port,
    apiKey: key,
    seeds,
    connectionOf,
    resign,
    close: async () => {
      await app.close();
      await fleet.close();
    },
  };
}
