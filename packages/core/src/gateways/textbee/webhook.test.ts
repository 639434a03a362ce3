import { createHmac } from 'node:crypto';
import { GatewayReport } from '../../schemas/events';
import type { SmsfleetError } from '../../errors/smsfleet-error';
import { parseTextbeeWebhook } from './webhook';

const SECRET = 'tb-secret-0123456789abcdef';
const NOW = new Date('2026-11-23T10:00:00.000Z');

function signed(body: unknown, secret = SECRET, raw = JSON.stringify(body)) {
  return {
    headers: { 'X-Signature': createHmac('sha256', secret).update(raw).digest('hex') },
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
const base = {
  smsId: 'sms-1',
  message: 'hi',
  deviceId: 'dev-1',
  webhookSubscriptionId: 'sub-1',
  smsBatchId: 'batch-1',
  recipient: '+14155550123',
};

describe('textbee webhooks', () => {
  it('parses sent/delivered/failed/unknown with the batch id as message id and idempotencyKey as event id', () => {
    const sent = parseTextbeeWebhook(
      signed({
        ...base,
        webhookEvent: 'MESSAGE_SENT',
        idempotencyKey: 'k1',
        status: 'sent',
        sentAt: '2026-11-23T09:59:58Z',
      }),
      SECRET,
      NOW,
    );
    expect(sent).toEqual([
      {
        kind: 'status',
        gateway: 'textbee',
        gatewayMessageId: 'batch-1',
        status: 'sent',
        at: '2026-11-23T09:59:58.000Z',
        recipient: '+14155550123',
        gatewayEventId: 'k1',
        deviceId: 'dev-1',
      },
    ]);
    expect(GatewayReport.safeParse(sent[0]).success).toBe(true);
    const del = parseTextbeeWebhook(
      signed({ ...base, webhookEvent: 'MESSAGE_DELIVERED', idempotencyKey: 'k2', deliveredAt: '2026-11-23T09:59:59Z' }),
      SECRET,
      NOW,
    );
    expect(del[0]).toMatchObject({ status: 'delivered', at: '2026-11-23T09:59:59.000Z' });
    const failed = parseTextbeeWebhook(
      signed({
        ...base,
        webhookEvent: 'MESSAGE_FAILED',
        idempotencyKey: 'k3',
        errorCode: 'RESULT_NETWORK_REJECT',
        errorMessage: 'rejected',
        failedAt: '2026-11-23T09:59:59Z',
      }),
      SECRET,
      NOW,
    );
    expect(failed[0]).toMatchObject({
      status: 'failed',
      failure: { rawCode: 'RESULT_NETWORK_REJECT', rawReason: 'rejected', permanent: true },
    });
    const unknown = parseTextbeeWebhook(
      signed({ ...base, smsBatchId: undefined, webhookEvent: 'UNKNOWN_STATE', idempotencyKey: 'k4' }),
      SECRET,
      NOW,
    );
    expect(unknown[0]).toMatchObject({ status: 'unknown', gatewayMessageId: 'sms-1', at: NOW.toISOString() });
  });

  it('parses MESSAGE_RECEIVED into an inbound report', () => {
    const r = parseTextbeeWebhook(
      signed({
        smsId: 'in-1',
        message: 'STOP',
        deviceId: 'dev-1',
        webhookEvent: 'MESSAGE_RECEIVED',
        idempotencyKey: 'k5',
        sender: '+14155550199',
        receivedAt: '2026-11-23T09:00:00Z',
      }),
      SECRET,
      NOW,
    );
    expect(r).toEqual([
      {
        kind: 'inbound',
        gateway: 'textbee',
        gatewayMessageId: 'in-1',
        from: '+14155550199',
        body: 'STOP',
        at: '2026-11-23T09:00:00.000Z',
        gatewayEventId: 'k5',
        deviceId: 'dev-1',
      },
    ]);
  });

  it('rejects a forged body, another secret, a missing signature; no replay window (dedupe on idempotencyKey)', () => {
    const good = signed({ ...base, webhookEvent: 'MESSAGE_SENT', idempotencyKey: 'k1' });
    const forged = { ...good, rawBody: Buffer.from(good.rawBody.toString().replace('batch-1', 'batch-2')) };
    expect(err(() => parseTextbeeWebhook(forged, SECRET, NOW)).code).toBe('SMSFLEET_ERR_SIGNATURE_INVALID');
    expect(
      err(() =>
        parseTextbeeWebhook(
          signed({ ...base, webhookEvent: 'MESSAGE_SENT', idempotencyKey: 'k1' }, 'other-secret-0123456789'),
          SECRET,
          NOW,
        ),
      ).code,
    ).toBe('SMSFLEET_ERR_SIGNATURE_INVALID');
    expect(err(() => parseTextbeeWebhook({ ...good, headers: {} }, SECRET, NOW)).code).toBe(
      'SMSFLEET_ERR_SIGNATURE_INVALID',
    );
    const later = parseTextbeeWebhook(good, SECRET, new Date(NOW.getTime() + 30 * 86_400_000));
    expect(later[0]!.kind === 'status' && later[0]!.gatewayEventId).toBe('k1');
  });

  it('names the bad field of a malformed body', () => {
    expect(err(() => parseTextbeeWebhook(signed(null, SECRET, '[1]'), SECRET, NOW))).toMatchObject({
      code: 'SMSFLEET_ERR_VALIDATION',
      field: 'body',
    });
    expect(
      err(() => parseTextbeeWebhook(signed({ ...base, webhookEvent: 'MESSAGE_SENT' }), SECRET, NOW)),
    ).toMatchObject({ code: 'SMSFLEET_ERR_VALIDATION', field: 'body.idempotencyKey' });
    expect(
      err(() =>
        parseTextbeeWebhook(
          signed({ smsId: 'x', webhookEvent: 'MESSAGE_RECEIVED', idempotencyKey: 'k', message: 'hi' }),
          SECRET,
          NOW,
        ),
      ),
    ).toMatchObject({ code: 'SMSFLEET_ERR_VALIDATION', field: 'body.sender' });
  });
  it('refuses every field of the wrong type naming it, and takes null or absent optional ones', () => {
    const ok = { ...base, webhookEvent: 'MESSAGE_SENT', idempotencyKey: 'k-1', sentAt: '2026-11-23T09:59:00.000Z' };
    const optional = ['smsBatchId', 'deviceId', 'message', 'status', 'recipient', 'sender', 'sentAt'];
    const more = ['deliveredAt', 'failedAt', 'receivedAt', 'errorMessage', 'errorCode'];
    for (const field of ['webhookEvent', 'idempotencyKey', 'smsId', ...optional, ...more]) {
      const bad = field === 'errorCode' ? [true, {}, []] : [5, true, {}, []];
      for (const v of bad) {
        const e = err(() => parseTextbeeWebhook(signed({ ...ok, [field]: v }), SECRET, NOW));
        expect({ field, v, code: e.code, at: e.field }).toEqual({
          field,
          v,
          code: 'SMSFLEET_ERR_VALIDATION',
          at: `body.${field}`,
        });
      }
    }
    for (const field of ['webhookEvent', 'idempotencyKey', 'smsId'])
      for (const v of ['', null, undefined])
        expect(err(() => parseTextbeeWebhook(signed({ ...ok, [field]: v }), SECRET, NOW)).field).toBe(`body.${field}`);
    for (const field of [...optional.filter((f) => f !== 'sentAt'), ...more])
      for (const v of [null, undefined])
        expect(parseTextbeeWebhook(signed({ ...ok, [field]: v }), SECRET, NOW)).toHaveLength(1);
    expect(parseTextbeeWebhook(signed({ ...ok, errorCode: 42 }), SECRET, NOW)).toHaveLength(1);
  });
});
