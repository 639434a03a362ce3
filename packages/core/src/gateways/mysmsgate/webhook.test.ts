import { createHmac } from 'node:crypto';
import { GatewayReport } from '../../schemas/events';
import type { SmsfleetError } from '../../errors/smsfleet-error';
import { parseMySmsGateWebhook } from './webhook';

const SECRET = 'mg-secret';
const NOW = new Date('2026-11-23T10:00:00.000Z');
const TS = String(NOW.getTime() / 1000);

function signed(body: unknown, o: { ts?: string; secret?: string; event?: string } = {}) {
  const raw = JSON.stringify(body);
  const ts = o.ts ?? TS;
  const sig = `sha256=${createHmac('sha256', o.secret ?? SECRET)
    .update(`${ts}.${raw}`)
    .digest('hex')}`;
  return {
    headers: {
      'x-mysmsgate-signature': sig,
      'x-mysmsgate-timestamp': ts,
      ...(o.event ? { 'x-mysmsgate-event': o.event } : {}),
    },
    rawBody: Buffer.from(raw),
    url: 'http://127.0.0.1/hook',
  };
}
function err(fn: () => unknown): SmsfleetError {
  try {
    fn();
  } catch (e) {
    return e as SmsfleetError;
  }
  throw new Error('expected a throw');
}

describe('MySMSGate webhooks', () => {
  it('parses status reports {id, status, to, delivery_report, fail_reason}', () => {
    const d = parseMySmsGateWebhook(
      signed(
        { id: 'mg_1', status: 'delivered', to: '+14155550123', delivery_report: true, fail_reason: null },
        { event: 'status' },
      ),
      SECRET,
      NOW,
    );
    expect(d).toEqual([
      {
        kind: 'status',
        gateway: 'mysmsgate',
        gatewayMessageId: 'mg_1',
        status: 'delivered',
        at: NOW.toISOString(),
        recipient: '+14155550123',
      },
    ]);
    expect(GatewayReport.safeParse(d[0]).success).toBe(true);
    const f = parseMySmsGateWebhook(
      signed({
        id: 42,
        status: 'failed',
        to: '+14155550123',
        delivery_report: false,
        fail_reason: 'RESULT_NETWORK_REJECT',
      }),
      SECRET,
      NOW,
    );
    expect(f[0]).toMatchObject({
      gatewayMessageId: '42',
      status: 'failed',
      failure: { rawCode: 'RESULT_NETWORK_REJECT', permanent: true },
    });
  });

  it('parses an incoming SMS (slot 0 = SIM 1)', () => {
    const r = parseMySmsGateWebhook(
      signed(
        {
          type: 'incoming',
          id: 'in_1',
          from: '+14155550199',
          to: '+14155550100',
          message: 'STOP',
          device_id: 'p1',
          slot: 1,
          received_at: '2026-11-23T09:00:00Z',
        },
        { event: 'incoming' },
      ),
      SECRET,
      NOW,
    );
    expect(r).toEqual([
      {
        kind: 'inbound',
        gateway: 'mysmsgate',
        gatewayMessageId: 'in_1',
        from: '+14155550199',
        to: '+14155550100',
        body: 'STOP',
        at: '2026-11-23T09:00:00.000Z',
        deviceId: 'p1',
        sim: 2,
      },
    ]);
  });

  it('rejects forged, wrongly keyed and stale (replayed) webhooks', () => {
    const body = { id: 'mg_1', status: 'sent', to: '+14155550123' };
    const good = signed(body);
    expect(
      err(() =>
        parseMySmsGateWebhook(
          { ...good, rawBody: Buffer.from(JSON.stringify({ ...body, status: 'delivered' })) },
          SECRET,
          NOW,
        ),
      ).code,
    ).toBe('SMSFLEET_ERR_SIGNATURE_INVALID');
    expect(err(() => parseMySmsGateWebhook(signed(body, { secret: 'nope' }), SECRET, NOW)).code).toBe(
      'SMSFLEET_ERR_SIGNATURE_INVALID',
    );
    expect(err(() => parseMySmsGateWebhook(signed(body, { ts: String(Number(TS) - 301) }), SECRET, NOW)).code).toBe(
      'SMSFLEET_ERR_SIGNATURE_INVALID',
    );
    expect(parseMySmsGateWebhook(signed(body, { ts: String(Number(TS) - 299) }), SECRET, NOW)).toHaveLength(1);
    expect(err(() => parseMySmsGateWebhook({ ...good, headers: {} }, SECRET, NOW)).code).toBe(
      'SMSFLEET_ERR_SIGNATURE_INVALID',
    );
  });

  it('names the bad field of a malformed body', () => {
    expect(err(() => parseMySmsGateWebhook(signed({ status: 'sent' }), SECRET, NOW))).toMatchObject({
      code: 'SMSFLEET_ERR_VALIDATION',
      field: 'body.id',
    });
    expect(
      err(() => parseMySmsGateWebhook(signed({ type: 'incoming', from: '+14155550199' }), SECRET, NOW)),
    ).toMatchObject({ code: 'SMSFLEET_ERR_VALIDATION', field: 'body.message' });
  });
});
