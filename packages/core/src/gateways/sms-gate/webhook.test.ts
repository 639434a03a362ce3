import { createHmac } from 'node:crypto';
import { GatewayReport } from '../../schemas/events';
import type { SmsfleetError } from '../../errors/smsfleet-error';
import { parseSmsGateWebhook } from './webhook';

const KEY = 'sg-signing-key-1';
const NOW = new Date('2026-11-23T10:00:00.000Z');
const TS = String(NOW.getTime() / 1000);

function signed(body: unknown, opts: { key?: string; ts?: string; raw?: string } = {}) {
  const raw = opts.raw ?? JSON.stringify(body);
  const ts = opts.ts ?? TS;
  const sig = createHmac('sha256', opts.key ?? KEY)
    .update(raw + ts)
    .digest('hex');
  return {
    headers: { 'x-timestamp': ts, 'x-signature': sig, 'content-type': 'application/json' },
    rawBody: Buffer.from(raw),
    url: 'http://127.0.0.1/hook',
  };
}

function env(event: string, payload: Record<string, unknown>) {
  return { deviceId: 'dev-1', event, id: `evt-${event}`, webhookId: 'wh-1', payload };
}

function err(fn: () => unknown): SmsfleetError {
  try {
    fn();
  } catch (e) {
    return e as SmsfleetError;
  }
  throw new Error('expected a throw');
}

describe('sms-gate webhooks', () => {
  it('parses sms:sent with partsCount, recipient, event id and device', () => {
    const r = parseSmsGateWebhook(
      signed(
        env('sms:sent', {
          messageId: 'm1',
          phoneNumber: '+14155550123',
          simNumber: 2,
          partsCount: 3,
          sentAt: '2026-11-23T11:59:58.000+02:00',
        }),
      ),
      KEY,
      NOW,
    );
    expect(r).toEqual([
      {
        kind: 'status',
        gateway: 'sms-gate',
        gatewayMessageId: 'm1',
        recipient: '+14155550123',
        status: 'sent',
        at: '2026-11-23T09:59:58.000Z',
        segmentsTotal: 3,
        gatewayEventId: 'evt-sms:sent',
        deviceId: 'dev-1',
      },
    ]);
    expect(GatewayReport.safeParse(r[0]).success).toBe(true);
  });

  it('parses one sms:delivered per part, sms:failed with a classified failure, and sms:cancelled', () => {
    const d = parseSmsGateWebhook(
      signed(
        env('sms:delivered', { messageId: 'm1', phoneNumber: '+14155550123', deliveredAt: '2026-11-23T10:00:01Z' }),
      ),
      KEY,
      NOW,
    );
    expect(d[0]).toMatchObject({
      kind: 'status',
      status: 'delivered',
      gatewayMessageId: 'm1',
      at: '2026-11-23T10:00:01.000Z',
    });
    const f = parseSmsGateWebhook(
      signed(
        env('sms:failed', {
          messageId: 'm2',
          phoneNumber: '+14155550124',
          failedAt: '2026-11-23T10:00:02Z',
          reason: 'RESULT_NETWORK_REJECT',
        }),
      ),
      KEY,
      NOW,
    );
    expect(f[0]).toMatchObject({
      status: 'failed',
      gatewayMessageId: 'm2',
      failure: { rawCode: 'RESULT_NETWORK_REJECT', permanent: true },
    });
    expect(GatewayReport.safeParse(f[0]).success).toBe(true);
    const textual = parseSmsGateWebhook(signed(env('sms:failed', { messageId: 'm3', error: 'No service' })), KEY, NOW);
    expect(textual[0]).toMatchObject({
      status: 'failed',
      failure: { rawReason: 'No service', permanent: false },
      at: NOW.toISOString(),
    });
    const c = parseSmsGateWebhook(
      signed(env('sms:cancelled', { messageId: 'm4', cancelledAt: '2026-11-23T10:00:03Z' })),
      KEY,
      NOW,
    );
    expect(c[0]).toMatchObject({ status: 'cancelled', gatewayMessageId: 'm4' });
  });

  it('parses sms:received into an inbound report and system:ping into a heartbeat', () => {
    const r = parseSmsGateWebhook(
      signed(
        env('sms:received', {
          messageId: 'in1',
          message: 'STOP',
          phoneNumber: '+14155550199',
          sender: '+14155550199',
          recipient: '+14155550100',
          simNumber: 1,
          receivedAt: '2026-11-23T09:59:00Z',
        }),
      ),
      KEY,
      NOW,
    );
    expect(r).toEqual([
      {
        kind: 'inbound',
        gateway: 'sms-gate',
        gatewayMessageId: 'in1',
        from: '+14155550199',
        to: '+14155550100',
        body: 'STOP',
        at: '2026-11-23T09:59:00.000Z',
        sim: 1,
        deviceId: 'dev-1',
        gatewayEventId: 'evt-sms:received',
      },
    ]);
    expect(parseSmsGateWebhook(signed(env('system:ping', {})), KEY, NOW)).toEqual([
      {
        kind: 'heartbeat',
        gateway: 'sms-gate',
        deviceId: 'dev-1',
        online: true,
        at: NOW.toISOString(),
        periodic: true,
      },
    ]);
    expect(parseSmsGateWebhook(signed(env('mms:received', { messageId: 'x' })), KEY, NOW)).toEqual([]);
  });

  it('rejects a forged body, a wrong key, and missing headers', () => {
    const good = signed(env('sms:sent', { messageId: 'm1' }));
    const forged = { ...good, rawBody: Buffer.from(good.rawBody.toString().replace('m1', 'm9')) };
    expect(err(() => parseSmsGateWebhook(forged, KEY, NOW)).code).toBe('SMSFLEET_ERR_SIGNATURE_INVALID');
    expect(err(() => parseSmsGateWebhook(good, 'other-key', NOW)).code).toBe('SMSFLEET_ERR_SIGNATURE_INVALID');
    expect(err(() => parseSmsGateWebhook({ ...good, headers: { 'x-timestamp': TS } }, KEY, NOW)).code).toBe(
      'SMSFLEET_ERR_SIGNATURE_INVALID',
    );
    expect(
      err(() => parseSmsGateWebhook({ ...good, headers: { 'x-signature': good.headers['x-signature'] } }, KEY, NOW))
        .code,
    ).toBe('SMSFLEET_ERR_SIGNATURE_INVALID');
    // The timestamp is part of what is signed: moving it breaks the signature.
    const moved = { ...good, headers: { ...good.headers, 'x-timestamp': String(Number(TS) + 1) } };
    expect(err(() => parseSmsGateWebhook(moved, KEY, NOW)).code).toBe('SMSFLEET_ERR_SIGNATURE_INVALID');
  });

  it('accepts a timestamp inside ±5 minutes and rejects one outside (replay)', () => {
    const body = env('sms:sent', { messageId: 'm1' });
    expect(parseSmsGateWebhook(signed(body, { ts: String(Number(TS) - 299) }), KEY, NOW)).toHaveLength(1);
    expect(parseSmsGateWebhook(signed(body, { ts: String(Number(TS) + 299) }), KEY, NOW)).toHaveLength(1);
    const old = err(() => parseSmsGateWebhook(signed(body, { ts: String(Number(TS) - 301) }), KEY, NOW));
    expect(old.code).toBe('SMSFLEET_ERR_SIGNATURE_INVALID');
    expect(old.reason).toMatch(/301 s/);
    expect(err(() => parseSmsGateWebhook(signed(body, { ts: String(Number(TS) + 301) }), KEY, NOW)).code).toBe(
      'SMSFLEET_ERR_SIGNATURE_INVALID',
    );
  });

  it('names the bad field of a malformed (but correctly signed) body', () => {
    expect(err(() => parseSmsGateWebhook(signed(null, { raw: '{not json' }), KEY, NOW))).toMatchObject({
      code: 'SMSFLEET_ERR_VALIDATION',
      field: 'body',
    });
    expect(err(() => parseSmsGateWebhook(signed({ event: 'sms:sent', id: 'e', payload: {} }), KEY, NOW))).toMatchObject(
      { code: 'SMSFLEET_ERR_VALIDATION', field: 'body.deviceId' },
    );
    expect(
      err(() => parseSmsGateWebhook(signed(env('sms:sent', { phoneNumber: '+14155550123' })), KEY, NOW)),
    ).toMatchObject({ code: 'SMSFLEET_ERR_VALIDATION', field: 'body.payload.messageId' });
    expect(
      err(() => parseSmsGateWebhook(signed(env('sms:sent', { messageId: 'm', sentAt: 'yesterday' })), KEY, NOW)),
    ).toMatchObject({ code: 'SMSFLEET_ERR_VALIDATION', field: 'body.payload.sentAt' });
    expect(err(() => parseSmsGateWebhook(signed(env('sms:received', { message: 'hi' })), KEY, NOW))).toMatchObject({
      code: 'SMSFLEET_ERR_VALIDATION',
      field: 'body.payload.sender',
    });
  });
});
