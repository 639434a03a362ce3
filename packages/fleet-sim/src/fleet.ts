import type { GatewayContext } from './gateways/context';
import { HttpSmsServer } from './gateways/httpsms';
import { MySmsGateServer } from './gateways/mysmsgate';
import type { GatewayServer } from './gateways/gateway-server';
import { SmsGateServer } from './gateways/sms-gate';
import { TextbeeServer } from './gateways/textbee';
import { runOutages } from './outages';
import { Phone } from './phone';
import type { Prng } from './prng';
import { DEFAULT_TIMING, mergeFaults, realClock, Runtime } from './runtime';
import { GroundTruth } from './truth';
import type {
  CloudGateway,
  FaultConfig,
  FleetOptions,
  GatewayEndpoint,
  PhoneSpec,
  SimPhone,
  WebhookTargetFault,
} from './types';
import { WebhookDispatcher } from './webhook-dispatcher';

/** A running simulated fleet. */
export interface Fleet {
  /** One cloud server per gateway kind, hosting the phones of that kind (started even with no phones). */
  gateways: Record<CloudGateway, GatewayEndpoint>;
  /** A phone by id; throws on an unknown id. */
  phone(id: string): SimPhone;
  /** All phones. */
  phones(): SimPhone[];
  /** What really happened. */
  truth: GroundTruth;
  /** The simulation clock (sim time). */
  now(): number;
  /** Wait `ms` of sim time (resolves early when the fleet closes). */
  sleep(ms: number): Promise<void>;
  /**
   * Simulate a bad network between the gateways and webhook URLs starting with `urlPrefix`: attempts fail
   * (HTTP status or network error) with probability `failRate`, or are delayed. `null` clears it. Every
   * attempt, failed or not, is recorded in `truth.webhookAttempts()` and retried per gateway semantics.
   */
  setWebhookTargetFault(urlPrefix: string, fault: WebhookTargetFault | null): void;
  /** Stop all servers and background work. */
  close(): Promise<void>;
}

const KINDS = ['sms-gate', 'sms-gate-local', 'httpsms', 'textbee', 'mysmsgate'];
const RATES = ['temporaryFailureRate', 'stuckRate', 'duplicateRate', 'reorderRate', 'lostRate'] as const;

function validateFaults(where: string, f: Partial<FaultConfig> | undefined): void {
  for (const k of RATES) {
    const v = f?.[k];
    if (v !== undefined && !(v >= 0 && v <= 1))
      throw new Error(`fleet-sim: ${where}.${k} must be a probability in [0, 1], got ${v}`);
  }
}

function validateSpecs(phones: PhoneSpec[], faults: Partial<FaultConfig> | undefined): void {
  validateFaults('faults', faults);
  const ids = new Set<string>();
  const numbers = new Set<string>();
  for (const p of phones) {
    if (!p.id || ids.has(p.id)) throw new Error(`fleet-sim: phone id ${JSON.stringify(p.id)} is empty or repeated`);
    ids.add(p.id);
    if (!KINDS.includes(p.gateway))
      throw new Error(`fleet-sim: phone ${p.id} has unknown gateway ${String(p.gateway)}`);
    validateFaults(`phone ${p.id} faults`, p.faults);
    if (p.sims.length < 1 || p.sims.length > 2) throw new Error(`fleet-sim: phone ${p.id} must have 1 or 2 SIMs`);
    for (const s of p.sims) {
      if (!/^\+[1-9]\d{6,14}$/.test(s.number))
        throw new Error(`fleet-sim: phone ${p.id} SIM number ${s.number} is not E.164`);
      if (s.segmentsPerMinute !== undefined && !(Number.isInteger(s.segmentsPerMinute) && s.segmentsPerMinute > 0)) {
        throw new Error(`fleet-sim: phone ${p.id} SIM ${s.number} segmentsPerMinute must be a positive integer`);
      }
      if (numbers.has(s.number)) throw new Error(`fleet-sim: SIM number ${s.number} is used twice`);
      numbers.add(s.number);
    }
  }
}

/** The test-facing handle of one phone. */
function simPhone(phone: Phone, endpoint: GatewayEndpoint, webhookSecret: string | undefined, ids: Prng): SimPhone {
  const g = phone.spec.gateway;
  return {
    id: phone.id,
    gateway: g,
    baseUrl: endpoint.baseUrl,
    credentials: endpoint.credentials,
    webhookSecret,
    sims: phone.spec.sims.map((s, i) => ({
      slot: i + 1,
      number: s.number,
      segmentsPerMinute: s.segmentsPerMinute ?? 30,
    })),
    isOnline: () => phone.isOnline(),
    setOnline: (b) => phone.setOnline(b),
    setDozing: (b) => phone.setDozing(b),
    setHeartbeat: (b) => phone.heartbeat.setBeating(b),
    setBattery: (level, charging) =>
      phone.heartbeat.setVitals({ batteryLevel: level, ...(charging !== undefined ? { charging } : {}) }),
    receiveSms: (from, body, sim = 1) => {
      const id =
        g === 'httpsms'
          ? ids.uuid()
          : g === 'textbee'
            ? ids.hex(12)
            : g === 'mysmsgate'
              ? `in_${ids.token(16)}`
              : ids.token(21);
      return phone.receiveSms(id, from, body, sim).id;
    },
    receiveMms: (from, body, attachments, sim = 1) => {
      if (g !== 'sms-gate' && g !== 'sms-gate-local' && g !== 'httpsms')
        throw new Error(`${g} does not report received MMS`);
      return phone.receiveSms(g === 'httpsms' ? ids.uuid() : ids.token(21), from, body, sim, attachments).id;
    },
  };
}

/**
 * Start a simulated fleet: one HTTP server per cloud gateway kind on `host`, one per local-server phone,
 * and every phone's background life driven by `clock`.
 */
export async function startFleet(opts: FleetOptions): Promise<Fleet> {
  validateSpecs(opts.phones, opts.faults);
  const seed = opts.seed ?? 1;
  const truth = new GroundTruth();
  const rt = new Runtime(seed, opts.clock ?? realClock, truth, { ...DEFAULT_TIMING, ...opts.timing });
  const dispatcher = new WebhookDispatcher(rt);
  const ctx: GatewayContext = { rt, dispatcher, host: opts.host ?? '127.0.0.1' };
  const creds = rt.stream('credentials');
  const signingKeys = new Map<string, string>();
  for (const p of opts.phones) signingKeys.set(p.id, p.signingKey ?? creds.token(24));

  const sg = new SmsGateServer(
    ctx,
    'cloud',
    { username: `sim${creds.token(6)}`, password: creds.token(20) },
    signingKeys,
    'sms-gate',
  );
  const hs = new HttpSmsServer(ctx, creds.token(40));
  const tb = new TextbeeServer(ctx, creds.token(40));
  const mg = new MySmsGateServer(ctx, creds.token(40), creds.token(32));
  const cloud: Record<CloudGateway, GatewayServer> = { 'sms-gate': sg, httpsms: hs, textbee: tb, mysmsgate: mg };
  const locals = new Map<string, SmsGateServer>();
  const phones: Phone[] = [];

  for (const spec of opts.phones) {
    const phone = new Phone(rt, spec, mergeFaults(opts.faults, spec.faults));
    if (spec.gateway === 'sms-gate-local') {
      // A phone in local-server mode is its own gateway: one server per phone.
      const local = new SmsGateServer(
        ctx,
        'local',
        { username: 'sms', password: creds.token(12) },
        signingKeys,
        `sms-gate-local:${spec.id}`,
      );
      locals.set(spec.id, local);
      local.attach(phone);
    } else cloud[spec.gateway].attach(phone);
    phones.push(phone);
  }

  const servers = [sg, hs, tb, mg, ...locals.values()];
  try {
    await Promise.all(servers.map((s) => s.start()));
  } catch (err) {
    await Promise.allSettled(servers.map((s) => s.app.close()));
    throw err;
  }

  const gateways: Fleet['gateways'] = {
    'sms-gate': { baseUrl: sg.baseUrl, credentials: { ...sg.credentials } },
    httpsms: { baseUrl: hs.baseUrl, credentials: { apiKey: hs.apiKey } },
    textbee: { baseUrl: tb.baseUrl, credentials: { apiKey: tb.apiKey } },
    mysmsgate: { baseUrl: mg.baseUrl, credentials: { apiKey: mg.apiKey, webhookSecret: mg.webhookSecret } },
  };

  const inboundIds = rt.stream('ids:inbound');
  const startedAt = rt.now();
  const simPhones = new Map<string, SimPhone>();
  for (const phone of phones) {
    const local = locals.get(phone.id);
    const endpoint = local
      ? { baseUrl: local.baseUrl, credentials: { ...local.credentials } }
      : gateways[phone.spec.gateway as CloudGateway];
    const secret =
      local || phone.spec.gateway === 'sms-gate'
        ? signingKeys.get(phone.id)
        : phone.spec.gateway === 'mysmsgate'
          ? mg.webhookSecret
          : undefined;
    simPhones.set(phone.id, simPhone(phone, endpoint, secret, inboundIds));
    phone.start();
    runOutages(rt, phone, startedAt);
  }

  let closed = false;
  return {
    gateways,
    truth,
    now: () => rt.now(),
    sleep: async (ms) => {
      await rt.sleep(ms);
    },
    phone(id) {
      const p = simPhones.get(id);
      if (!p) throw new Error(`fleet-sim: no phone ${id}`);
      return p;
    },
    phones: () => [...simPhones.values()],
    setWebhookTargetFault: (prefix, fault) => dispatcher.setTargetFault(prefix, fault),
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all(servers.map((s) => s.app.close()));
      await rt.close();
    },
  };
}
