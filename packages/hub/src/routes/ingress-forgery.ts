import { createHmac, randomUUID } from 'node:crypto';
import type { GatewayConnection, Message, StatusEvent } from '@smsfleet/core';
import type { FleetConfigInput } from '../fleet';
import { rig, RIG_PHONES, waitForStatus, type Rig } from '../testing/pipeline-rig';
import type { StoreCase } from '../testing/stores';

// For the ingress authority tests: forgery across connections, for every ingress scheme, against a real hub on
// 127.0.0.1 with real signatures and fleet-sim's phones. Each forged report is correctly signed by SOME connection;
// none may change anything it has no authority over: message status and timeline, contact consent, the inbox.

/** The rig's phones and one more sms-gate cloud phone, so one cloud connection serves two phones. */
const PHONES = [...RIG_PHONES, { id: 'pixel-c', gateway: 'sms-gate' as const, sims: [{ number: '+15550600001' }] }];
/** The second connection of each shared cloud kind: its own secret, no phone. */
export const OTHER = { textbee: 'textbee-other', mysmsgate: 'mysmsgate-other', httpsms: 'httpsms-other' } as const;

/** A second connection of the same kind as each shared cloud connection, with its own secret and no phone. */
function withOtherConnections(c: FleetConfigInput): FleetConfigInput {
  const conn = (id: string) => c.connections.find((x) => x.id === id)!.connection as GatewayConnection;
  const tb = conn('textbee-cloud');
  const mg = conn('mysmsgate-cloud');
  const hs = conn('httpsms-cloud');
  if (tb.kind !== 'textbee' || mg.kind !== 'mysmsgate' || hs.kind !== 'httpsms') throw new Error('unexpected fleet');
  return {
    ...c,
    connections: [
      ...c.connections,
      { id: OTHER.textbee, connection: { ...tb, webhookSigningSecret: 'another-textbee-secret-0123456789' } },
      { id: OTHER.mysmsgate, connection: { ...mg, webhookSigningSecret: 'another-mysmsgate-secret' } },
      { id: OTHER.httpsms, connection: { ...hs, webhookSigningKey: 'another-httpsms-key', webhookPhoneNumbers: [] } },
    ],
  };
}

/** Hex HMAC-SHA256. */
const hmacHex = (key: string, data: string) => createHmac('sha256', key).update(data).digest('hex');
/** Now in Unix seconds. */
const unix = () => Math.floor(Date.now() / 1000);

/** Secrets of each connection, as the hub has them. */
function secretOf(r: Rig, connectionId: string): string {
  const c = r.app.pipeline.fleet.config.connections.find((x) => x.id === connectionId)!.connection;
  return c.kind === 'sms-gate' || c.kind === 'httpsms' ? c.webhookSigningKey : c.webhookSigningSecret;
}

/** POST `body` as JSON to a connection's ingress with `headers`. */
export async function post(
  r: Rig,
  connectionId: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<{ status: number; json: { ignored?: number; duplicates?: number; error?: { code: string } } }> {
  const res = await fetch(`${r.base}/ingress/${connectionId}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as { ignored?: number } };
}

/** An sms-gate webhook to connection `to`, signed with the key of `signedBy`. */
export const smsGate = (r: Rig, to: string, signedBy: string, body: unknown) => {
  const ts = String(unix());
  return post(r, to, body, {
    'x-timestamp': ts,
    'x-signature': hmacHex(secretOf(r, signedBy), JSON.stringify(body) + ts),
  });
};
/** A textbee webhook to connection `to`, signed with the secret of `signedBy`. */
export const textbee = (r: Rig, to: string, signedBy: string, body: unknown) =>
  post(r, to, body, { 'x-signature': hmacHex(secretOf(r, signedBy), JSON.stringify(body)) });
/** A MySMSGate webhook to connection `to`, signed with the secret of `signedBy`. */
export const mySmsGate = (r: Rig, to: string, signedBy: string, body: unknown, event?: string) => {
  const ts = String(unix());
  return post(r, to, body, {
    'x-mysmsgate-timestamp': ts,
    'x-mysmsgate-signature': `sha256=${hmacHex(secretOf(r, signedBy), `${ts}.${JSON.stringify(body)}`)}`,
    ...(event ? { 'x-mysmsgate-event': event } : {}),
  });
};
/** An httpSMS bearer token for connection `to`, signed with the key of `signedBy`, minted `mintedAgoS` ago. */
export function httpSmsToken(
  r: Rig,
  to: string,
  signedBy: string,
  mintedAgoS = 0,
  extra: Record<string, unknown> = {},
): string {
  // As httpSMS mints it (HS256; aud, iss, iat, nbf, exp; nothing about the body). `extra` claims make a token no other
  // test can mint by chance (two tokens minted in the same second for the same URL are the same token).
  const s = unix() - mintedAgoS;
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const claims = {
    aud: [`${r.base}/ingress/${to}`],
    iss: 'api.httpsms.com',
    iat: s,
    nbf: s - 600,
    exp: s + 600,
    ...extra,
  };
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
  return `${head}.${createHmac('sha256', secretOf(r, signedBy)).update(head).digest('base64url')}`;
}
/** An httpSMS CloudEvent to connection `to` with a bearer `token`. */
export const httpSms = (r: Rig, to: string, token: string, type: string, data: Record<string, unknown>) =>
  post(
    r,
    to,
    {
      specversion: '1.0',
      id: randomUUID(),
      source: '/v1/messages',
      type,
      datacontenttype: 'application/json',
      time: new Date().toISOString(),
      data,
    },
    { authorization: `Bearer ${token}`, 'x-event-type': type },
  );

/** A message's status and timeline. */
export interface Snapshot {
  status: string;
  events: string[];
}
/** The status and timeline of each message, to compare before and after a forgery. */
export async function snapshot(r: Rig, ids: string[]): Promise<Record<string, Snapshot>> {
  const out: Record<string, Snapshot> = {};
  for (const id of ids) {
    const m = (await r.store.messages.get(id))!;
    out[id] = {
      status: m.status,
      events: (await r.store.messages.events(id)).map((e: StatusEvent) => `${e.status}@${e.source}`),
    };
  }
  return out;
}

/**
 * A hub with a second connection of each shared cloud kind, on a fresh store of `sc`, that has sent one message
 * through each device of `deviceIds` (returned by device id) and had every report about them settled: their state is
 * final until someone forges a report.
 */
export async function forgeryRig(
  sc: StoreCase,
  deviceIds: string[],
): Promise<{ r: Rig; sent: Record<string, Message> }> {
  const r = await rig(
    await sc.create(),
    {},
    { phones: PHONES, fleetConfig: withOtherConnections, unregistered: Object.values(OTHER) },
  );
  const sent: Record<string, Message> = {};
  for (const [i, deviceId] of deviceIds.entries()) {
    const res = await fetch(`${r.base}/v1/messages`, {
      method: 'POST',
      headers: r.auth,
      body: JSON.stringify({ to: `+1415555710${i}`, body: `hello ${deviceId}`, deviceId }),
    });
    sent[deviceId] = await waitForStatus(r, ((await res.json()) as Message).id, ['delivered'], 20_000);
  }
  await r.fleet.truth.waitFor(
    (t) =>
      t
        .reports()
        .filter((x) => x.messageId)
        .every((x) => x.outcome !== 'pending'),
    20_000,
    'reports settled',
  );
  return { r, sent };
}
