import { Webhook } from 'standardwebhooks';
import type { Message } from '@smsfleet/core';
import type { TruthMessage } from '@smsfleet/fleet-sim';
import { judgeLife, type LifeFacts } from './life-verdict';
import type { ReceivedWebhook } from './receiver';

const SECRET = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`;
const at = '2026-01-05T12:00:00.000Z';
const msg = (over: Partial<Message> = {}): Message => ({
  id: 'msg_1',
  to: '+14155550123',
  body: 'hi',
  segments: 1,
  encoding: 'GSM-7',
  priority: 0,
  status: 'delivered',
  attempts: 1,
  createdAt: at,
  updatedAt: at,
  version: 3,
  ...over,
});
const sms = (finalState: TruthMessage['finalState'] = 'delivered'): TruthMessage => ({
  id: 'g1',
  gateway: 'textbee',
  phoneId: 'p',
  sim: 1,
  recipient: '+14155550123',
  text: 'hi',
  parts: 1,
  states: [],
  partsSentAt: [],
  partsDeliveredAt: [],
  finalState,
  stuck: false,
  reordered: false,
  refs: {},
});
let n = 0;
function hook(type: string, data: Record<string, unknown>, id = `evt_${++n}`): ReceivedWebhook {
  const body = JSON.stringify({ id, type, timestamp: at, data });
  const ts = new Date(Date.parse(at));
  return {
    body,
    status: 204,
    headers: {
      'webhook-id': id,
      'webhook-timestamp': String(ts.getTime() / 1000),
      'webhook-signature': new Webhook(SECRET).sign(id, ts, body),
    },
  };
}
const delivered = () =>
  hook('message.status_changed', { messageId: 'msg_1', previousStatus: 'sent', status: 'delivered' });
const reply = () => hook('sms.received', { inboundId: 'in_1' });
const facts = (over: Partial<LifeFacts> = {}): LifeFacts => ({
  accepted: true,
  message: msg(),
  events: [],
  listed: [msg()],
  truth: [sms()],
  inbound: [{ id: 'in_1' } as never],
  truthInbound: [{ id: 'i' } as never],
  received: [delivered(), reply()],
  secret: SECRET,
  clickTried: false,
  clicked: false,
  log: [],
  ...over,
});

describe('judgeLife', () => {
  it('passes a life that kept the promise', () => {
    expect(judgeLife(facts())).toMatchObject({ problems: [], notes: [] });
  });

  it('finds a text sent twice (counted on the phone), a lost message and a stuck one', () => {
    expect(judgeLife(facts({ truth: [sms(), sms()] })).problems).toEqual([
      expect.stringMatching(/^texted twice: .* 2 times/),
    ]);
    expect(judgeLife(facts({ truth: [], message: msg({ status: 'queued' }) })).problems[0]).toMatch(
      /^lost: accepted, never reached a phone/,
    );
    expect(judgeLife(facts({ message: undefined })).problems[0]).toMatch(/^lost: accepted, and the hub has no record/);
    expect(judgeLife(facts({ message: msg({ status: 'pending' }) })).problems[0]).toMatch(/^stuck: still pending/);
  });

  it('finds a final status that differs from the phone, and takes unknown only with a reason', () => {
    expect(judgeLife(facts({ truth: [sms('failed')] })).problems).toContain(
      'wrong final: hub says delivered, the phone failed',
    );
    const unknown = msg({
      status: 'unknown',
      failure: { code: 'X', category: 'unknown', permanent: false, explanation: 'hand-over to p not confirmed' },
    });
    const withEvent = [
      hook('message.status_changed', { messageId: 'msg_1', previousStatus: 'pending', status: 'unknown' }),
      reply(),
    ];
    expect(judgeLife(facts({ message: unknown, received: withEvent }))).toMatchObject({
      problems: [],
      notes: [expect.stringContaining('hand-over to p not confirmed')],
    });
    const bare = msg({ status: 'unknown' });
    expect(judgeLife(facts({ message: bare, received: withEvent })).problems).toEqual([
      'wrong final: unknown without a reason (phone: delivered)',
    ]);
  });

  it('finds doubled and missing events; a redelivery of one webhook id is only a note', () => {
    expect(judgeLife(facts({ received: [delivered(), delivered(), reply()] })).problems).toEqual([
      'doubled event: 2 distinct status_changed events for sent>delivered',
    ]);
    expect(judgeLife(facts({ received: [reply()] })).problems[0]).toMatch(
      /^event missing: the subscriber never heard the final status delivered/,
    );
    const once = delivered();
    expect(judgeLife(facts({ received: [once, once, reply()] }))).toMatchObject({
      problems: [],
      notes: [expect.stringMatching(/^redelivered: 1/)],
    });
  });

  it('finds a forged or corrupted delivery, a created-twice message and a lost or doubled reply', () => {
    const bad = { ...delivered(), body: '{"type":"message.status_changed","data":{}}' };
    expect(judgeLife(facts({ received: [bad, delivered(), reply()] })).problems[0]).toMatch(
      /^webhook: a delivery's signature does not verify/,
    );
    expect(judgeLife(facts({ listed: [msg(), msg({ id: 'msg_2' })] })).problems).toEqual([
      'created twice: 2 messages to the customer',
    ]);
    expect(judgeLife(facts({ inbound: [], received: [delivered()] })).problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/^inbound lost/), 'event missing: no sms.received for the reply']),
    );
    expect(judgeLife(facts({ received: [delivered(), reply(), reply()] })).problems).toEqual([
      'doubled event: 2 distinct sms.received for 1 reply',
    ]);
  });

  it('finds a click that never redirected or was not counted', () => {
    expect(judgeLife(facts({ clickTried: true })).problems).toEqual(['click failed: the visitor never got a redirect']);
    const click = hook('link.clicked', { messageId: 'msg_1' });
    expect(
      judgeLife(facts({ clicked: true, clickTried: true, received: [delivered(), reply(), click] })).problems,
    ).toEqual(['click lost: uniqueClicks is 0']);
  });
});
