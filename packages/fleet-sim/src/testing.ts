/**
 * Helpers for tests that drive the simulator: a webhook receiver, a scaled clock, and reference
 * verifiers for each gateway's webhook signature (written the way each gateway documents them).
 * Importable as `@smsfleet/fleet-sim/testing` in jest.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { jwtVerify } from 'jose';
import { MYSMSGATE_SIGNATURE_HEADER, MYSMSGATE_TIMESTAMP_HEADER, mySmsGateSignature } from './gateways/mysmsgate';
import { startFleet, type Fleet } from './fleet';
import { scaledSimClock } from './runtime';
import type { FleetOptions } from './types';
import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from './webhook-receiver';

export { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from './webhook-receiver';
export { scaledSimClock } from './runtime';
export { VirtualSimClock } from './virtual-clock';

/** A fleet and a webhook receiver for one test, closed together. */
export interface SimRig {
  fleet: Fleet;
  rx: WebhookReceiver;
  close(): Promise<void>;
}

/** Start a webhook receiver and a fleet whose clock runs `speed` times faster than real time (default 100). */
export async function startSimRig(opts: Omit<FleetOptions, 'clock'>, speed = 100): Promise<SimRig> {
  const rx = await startWebhookReceiver();
  let fleet: Fleet;
  try {
    fleet = await startFleet({ ...opts, clock: scaledSimClock(speed) });
  } catch (e) {
    await rx.close();
    throw e;
  }
  const rig: SimRig = {
    fleet,
    rx,
    close: async () => {
      await rig.fleet.close();
      await rig.rx.close();
    },
  }; // a test may swap the fleet
  return rig;
}

function h(r: ReceivedWebhook, name: string): string {
  const v = r.headers[name.toLowerCase()];
  return (Array.isArray(v) ? v[0] : v) ?? '';
}

function eqHex(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** An `Authorization: Basic` header value for sms-gate credentials (a fleet's `gateways['sms-gate'].credentials`). */
export function basicAuth(c: { username?: string; password?: string }): string {
  return `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;
}

/** sms-gate: `X-Signature` = hex HMAC-SHA256(key, rawBody + X-Timestamp), timestamp within `windowS` of `nowMs`. */
export function verifySmsGate(r: ReceivedWebhook, key: string, nowMs: number, windowS = 300): boolean {
  const ts = h(r, 'X-Timestamp');
  if (!/^\d+$/.test(ts) || Math.abs(nowMs / 1000 - Number(ts)) > windowS) return false;
  const expected = createHmac('sha256', key)
    .update(Buffer.concat([r.rawBody, Buffer.from(ts)]))
    .digest('hex');
  return eqHex(expected, h(r, 'X-Signature'));
}

/** httpSMS: `Authorization: Bearer <HS256 JWT>` signed with the webhook's signing key, aud = webhook URL. */
export async function verifyHttpSms(r: ReceivedWebhook, signingKey: string, nowMs: number): Promise<boolean> {
  const auth = h(r, 'Authorization');
  if (!auth.startsWith('Bearer ')) return false;
  try {
    await jwtVerify(auth.slice(7), new TextEncoder().encode(signingKey), {
      algorithms: ['HS256'],
      audience: r.url,
      issuer: 'api.httpsms.com',
      currentDate: new Date(nowMs),
    });
    return true;
  } catch {
    return false;
  }
}

/** textbee: `X-Signature` = hex HMAC-SHA256(secret, JSON body). */
export function verifyTextbee(r: ReceivedWebhook, secret: string): boolean {
  const expected = createHmac('sha256', secret).update(r.rawBody).digest('hex');
  return eqHex(expected, h(r, 'X-Signature'));
}

/** MySMSGate (simulator-defined): `X-MySMSGate-Signature` = `sha256=` + hex HMAC-SHA256(secret, `${ts}.${rawBody}`). */
export function verifyMySmsGate(r: ReceivedWebhook, secret: string, nowMs: number, windowS = 300): boolean {
  const ts = h(r, MYSMSGATE_TIMESTAMP_HEADER);
  if (!/^\d+$/.test(ts) || Math.abs(nowMs / 1000 - Number(ts)) > windowS) return false;
  return eqHex(mySmsGateSignature(secret, ts, r.rawBody.toString('utf8')), h(r, MYSMSGATE_SIGNATURE_HEADER));
}
