import { createHmac } from 'node:crypto';
import { GatewayReport } from '../../schemas/events';
import { parseSmsGateWebhook } from './webhook';

const KEY = 'sg-signing-key-1';
const NOW = new Date('2026-11-23T10:00:00.000Z');
const TS = String(NOW.getTime() / 1000);

function signed(body: unknown) {
  const raw = JSON.stringify(body);
  const sig = createHmac('sha256', KEY)
    .update(raw + TS)
    .digest('hex');
  return { headers: { 'x-timestamp': TS, 'x-signature': sig }, rawBody: Buffer.from(raw), url: 'http://h/hook' };
}

const env = (event: string, payload: Record<string, unknown>) => ({ deviceId: 'dev-1', event, id: 'evt-9', payload });

describe('sms-gate MMS webhooks', () => {
  it('reads mms:downloaded as an inbound text with its parts, bytes inline', () => {
    const r = parseSmsGateWebhook(
      signed(
        env('mms:downloaded', {
          messageId: 'mms_1',
          sender: '+14155550123',
          recipient: '+15550100001',
          simNumber: 1,
          subject: null,
          body: 'Look',
          attachments: [
            { partId: 7, contentType: 'image/jpeg', name: 'a.jpg', size: 3, data: 'AQID' },
            { partId: 8, contentType: 'image/png' }, // no bytes: kept, the hub says it cannot fetch it
          ],
          receivedAt: '2026-11-23T09:59:00.000Z',
        }),
      ),
      KEY,
      NOW,
    );
    expect(r).toEqual([
      {
        kind: 'inbound',
        gateway: 'sms-gate',
        deviceId: 'dev-1',
        gatewayEventId: 'evt-9',
        gatewayMessageId: 'mms_1',
        from: '+14155550123',
        to: '+15550100001',
        sim: 1,
        body: 'Look',
        at: '2026-11-23T09:59:00.000Z',
        media: [{ contentType: 'image/jpeg', name: 'a.jpg', size: 3, data: 'AQID' }, { contentType: 'image/png' }],
      },
    ]);
    expect(GatewayReport.safeParse(r[0]).success).toBe(true);
  });

  it('uses the subject when the MMS has no text, ignores mms:received (metadata only), names a bad field', () => {
    const [r] = parseSmsGateWebhook(
      signed(env('mms:downloaded', { sender: '+14155550123', subject: 'Photo', attachments: [] })),
      KEY,
      NOW,
    );
    expect(r).toMatchObject({ kind: 'inbound', body: 'Photo' });
    expect(r).not.toHaveProperty('media');
    expect(parseSmsGateWebhook(signed(env('mms:received', { messageId: 'm', size: 9 })), KEY, NOW)).toEqual([]);
    expect(() =>
      parseSmsGateWebhook(signed(env('mms:downloaded', { sender: '+1415', attachments: 'x' })), KEY, NOW),
    ).toThrow(/body\.payload\.attachments/);
  });
});
