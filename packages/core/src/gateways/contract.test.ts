import { newId } from '../ids';
import { startGatewayWebhookReceiver } from './contract-receiver';
import { runGatewayContract, type ContractTruth, type GatewayContractSubject, type TruthState } from './contract';
import type { GatewayConnectionInput } from './connection';
import { createGatewayAdapter } from './factory';

// fleet-sim is loaded with require() and typed locally: core's tsconfig cannot reference fleet-sim (fleet-sim
// references core), so a type import would make `tsc -b` of core depend on fleet-sim's build output.
type Kind = 'sms-gate' | 'httpsms' | 'textbee' | 'mysmsgate';
interface SimMessage {
  id: string;
  recipient: string;
  sim: number;
  parts: number;
  finalState: TruthState;
  failure?: { code: string; permanent: boolean };
  refs: Record<string, string | undefined>;
}
interface SimFleet {
  gateways: Record<
    Kind,
    { baseUrl: string; credentials: { username?: string; password?: string; apiKey?: string; webhookSecret?: string } }
  >;
  phone(id: string): {
    baseUrl: string;
    credentials: { username?: string; password?: string };
    webhookSecret?: string;
    setOnline(b: boolean): void;
    setDozing(b: boolean): void;
    receiveSms(from: string, body: string, sim?: number): string;
  };
  truth: {
    messages(): SimMessage[];
    reports(f: { messageId: string }): unknown[];
    waitFor(pred: () => boolean, timeoutRealMs?: number, what?: string): Promise<void>;
  };
  now(): number;
  close(): Promise<void>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startFleet } = require('@smsfleet/fleet-sim') as { startFleet(opts: unknown): Promise<SimFleet> };

const INVALID = '+14155559999';
const FAST = {
  pickupMs: [5, 15],
  partSendMs: [2, 5],
  interMessageMs: [1, 3],
  deliveryMs: [10, 30],
  pingIntervalMs: 300,
};

/** Ground truth keyed by what the adapter returns (textbee answers with the batch id). */
function truthOf(fleet: SimFleet): ContractTruth {
  const find = (id: string) => fleet.truth.messages().find((m) => m.id === id || m.refs.smsBatchId === id);
  return {
    message: (id) => {
      const m = find(id);
      return m && { state: m.finalState, recipient: m.recipient, sim: m.sim, parts: m.parts, failure: m.failure };
    },
    countTo: (to) => fleet.truth.messages().filter((m) => m.recipient === to).length,
    reportsAbout: (id) => fleet.truth.reports({ messageId: find(id)!.id }).length,
    waitFor: (id, states) =>
      fleet.truth.waitFor(
        () => states.includes(find(id)?.finalState as TruthState),
        10_000,
        `${id} to reach ${states.join('/')}`,
      ),
  };
}

interface Wiring {
  phone: { id: string; gateway: string; sims: Array<{ number: string }>; messagesPerMinute?: number };
  sim: number;
  connection(fleet: SimFleet): GatewayConnectionInput;
  wrongAuth(c: GatewayConnectionInput): GatewayConnectionInput;
  target(fleet: SimFleet): GatewayContractSubject['target'];
}

function subject(seed: number, w: Wiring): () => Promise<GatewayContractSubject> {
  return async () => {
    const fleet = await startFleet({ seed, phones: [w.phone], faults: { invalidNumbers: [INVALID] }, timing: FAST });
    const now = () => new Date(fleet.now());
    const conn = w.connection(fleet);
    // a safety net: the local sim may be slow to answer on a busy machine
    const adapter = createGatewayAdapter(conn, { timeoutMs: 15_000 });
    const receiver = await startGatewayWebhookReceiver(() => adapter, now, `/hooks/${w.phone.gateway}`);
    const phone = fleet.phone(w.phone.id);
    let n = 1000;
    return {
      adapter,
      badAuth: createGatewayAdapter(w.wrongAuth(conn)),
      receiver,
      target: w.target(fleet),
      invalidNumber: INVALID,
      freshNumber: () => `+1415555${n++}`,
      truth: truthOf(fleet),
      phone: {
        deviceId: w.phone.id,
        simNumber: w.phone.sims[w.sim - 1]!.number,
        setOnline: (b) => phone.setOnline(b),
        setDozing: (b) => phone.setDozing(b),
        receiveSms: (f, b, s) => {
          phone.receiveSms(f, b, s);
        },
      },
      now,
      close: async () => {
        await fleet.close();
        await receiver.close();
      },
    };
  };
}

const withKey = (c: GatewayConnectionInput, apiKey: string) => ({ ...c, apiKey }) as GatewayConnectionInput;

runGatewayContract(
  'sms-gate (cloud)',
  {
    mode: 'cloud',
    clientIds: 'dedupe',
    cancel: true,
    signsBody: true,
    replayWindowS: 300,
    deliveredPerSegment: true,
    sentCarriesParts: true,
    heartbeat: 'ping',
  },
  subject(11, {
    phone: { id: 'pixel-cloud', gateway: 'sms-gate', sims: [{ number: '+15550100001' }, { number: '+15550100002' }] },
    sim: 2,
    connection: (f) => ({
      kind: 'sms-gate',
      mode: 'cloud',
      baseUrl: `${f.gateways['sms-gate'].baseUrl}/3rdparty/v1`,
      auth: {
        type: 'basic',
        username: f.gateways['sms-gate'].credentials.username!,
        password: f.gateways['sms-gate'].credentials.password!,
      },
      webhookSigningKey: f.phone('pixel-cloud').webhookSecret!,
    }),
    wrongAuth: (c) =>
      ({ ...c, auth: { type: 'basic', username: 'nobody', password: 'wrong' } }) as GatewayConnectionInput,
    target: () => ({ gatewayDeviceId: 'pixel-cloud', sim: 2 }),
  }),
);

runGatewayContract(
  'sms-gate (local server on the phone)',
  {
    mode: 'local',
    clientIds: 'dedupe',
    cancel: true,
    signsBody: true,
    replayWindowS: 300,
    deliveredPerSegment: true,
    sentCarriesParts: true,
    heartbeat: 'ping',
  },
  subject(12, {
    phone: { id: 'pixel-local', gateway: 'sms-gate-local', sims: [{ number: '+15550200001' }] },
    sim: 1,
    connection: (f) => {
      const p = f.phone('pixel-local');
      return {
        kind: 'sms-gate',
        mode: 'local',
        baseUrl: p.baseUrl,
        auth: { type: 'basic', username: p.credentials.username!, password: p.credentials.password! },
        webhookSigningKey: p.webhookSecret!,
      };
    },
    wrongAuth: (c) => ({ ...c, auth: { type: 'basic', username: 'sms', password: 'wrong' } }) as GatewayConnectionInput,
    target: () => ({ sim: 1 }),
  }),
);

runGatewayContract(
  'httpSMS',
  {
    mode: 'cloud',
    clientIds: 'echo',
    cancel: false,
    signsBody: false,
    replayWindowS: 600,
    deliveredPerSegment: false,
    sentCarriesParts: false,
    heartbeat: 'online-events',
  },
  subject(13, {
    phone: { id: 'moto', gateway: 'httpsms', sims: [{ number: '+15550300001' }], messagesPerMinute: 6000 },
    sim: 1,
    connection: (f) => ({
      kind: 'httpsms',
      baseUrl: f.gateways.httpsms.baseUrl,
      apiKey: f.gateways.httpsms.credentials.apiKey!,
      webhookSigningKey: `hs-${newId('key')}`,
    }),
    wrongAuth: (c) => withKey(c, 'wrong-key'),
    target: () => ({ sim: 1, from: '+15550300001' }),
  }),
);

runGatewayContract(
  'textbee',
  {
    mode: 'cloud',
    clientIds: 'none',
    cancel: false,
    signsBody: true,
    deliveredPerSegment: false,
    sentCarriesParts: false,
    heartbeat: 'none',
  },
  subject(14, {
    phone: { id: 'tb-phone', gateway: 'textbee', sims: [{ number: '+15550400001' }] },
    sim: 1,
    connection: (f) => ({
      kind: 'textbee',
      baseUrl: f.gateways.textbee.baseUrl,
      apiKey: f.gateways.textbee.credentials.apiKey!,
      webhookSigningSecret: `tb-${newId('key')}`,
    }),
    wrongAuth: (c) => withKey(c, 'wrong-key'),
    target: () => ({ gatewayDeviceId: 'tb-phone', sim: 1 }),
  }),
);

runGatewayContract(
  'MySMSGate',
  {
    mode: 'cloud',
    clientIds: 'none',
    cancel: false,
    signsBody: true,
    replayWindowS: 300,
    deliveredPerSegment: false,
    sentCarriesParts: false,
    heartbeat: 'none',
  },
  subject(15, {
    phone: { id: 'mg-phone', gateway: 'mysmsgate', sims: [{ number: '+15550500001' }, { number: '+15550500002' }] },
    sim: 1,
    connection: (f) => ({
      kind: 'mysmsgate',
      baseUrl: f.gateways.mysmsgate.baseUrl,
      apiKey: f.gateways.mysmsgate.credentials.apiKey!,
      webhookSigningSecret: f.gateways.mysmsgate.credentials.webhookSecret!,
    }),
    wrongAuth: (c) => withKey(c, 'wrong-key'),
    target: () => ({ gatewayDeviceId: 'mg-phone', sim: 1 }),
  }),
);

describe('sms-gate with a JWT from the server (fleet-sim)', () => {
  it('sends with a Bearer token issued by POST /auth/token, and a revoked/unknown token is an auth error', async () => {
    const fleet = await startFleet({
      seed: 16,
      phones: [{ id: 'jwt-phone', gateway: 'sms-gate', sims: [{ number: '+15550600001' }] }],
      timing: FAST,
    });
    try {
      const gw = fleet.gateways['sms-gate'];
      const baseUrl = `${gw.baseUrl}/3rdparty/v1`;
      const basic = Buffer.from(`${gw.credentials.username}:${gw.credentials.password}`).toString('base64');
      const res = await fetch(`${baseUrl}/auth/token`, {
        method: 'POST',
        headers: { authorization: `Basic ${basic}`, 'content-type': 'application/json' },
        body: JSON.stringify({ scopes: ['messages:send'] }),
      });
      const token = ((await res.json()) as { access_token: string }).access_token;
      const conn = { kind: 'sms-gate', baseUrl, auth: { type: 'jwt', token }, webhookSigningKey: 'k' } as const;
      const sent = await createGatewayAdapter(conn).send({
        clientId: newId('msg'),
        to: '+14155550123',
        body: 'hi',
        sim: 1,
      });
      expect(fleet.truth.messages().map((m) => m.id)).toEqual([sent.gatewayMessageId]);
      const e = await createGatewayAdapter({ ...conn, auth: { type: 'jwt', token: `${token}x` } })
        .send({ clientId: newId('msg'), to: '+14155550124', body: 'hi', sim: 1 })
        .then(
          () => undefined,
          (x: unknown) => x,
        );
      expect(e).toMatchObject({ code: 'SMSFLEET_ERR_GATEWAY', problem: 'auth', httpStatus: 401 });
    } finally {
      await fleet.close();
    }
  });
});
