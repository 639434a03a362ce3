import { OutboundEvent } from '../schemas/envelope';
import type { Message } from '../schemas/message';
import { createMemoryStore } from '../store/memory';
import { isBuiltStatusEvent, outboundStatusEvent, pendingStatusEvent, statusChangedEvent } from './status-event';

const now = new Date('2026-12-06T12:00:00.000Z');
const iso = now.toISOString();
const base: Message = {
  id: 'msg_se1',
  to: '+14155550188',
  body: 'hello',
  segments: 2,
  encoding: 'GSM-7',
  priority: 0,
  status: 'sent',
  attempts: 1,
  createdAt: iso,
  updatedAt: iso,
  version: 3,
};

/** Messages as the store keeps them, from the barest to one with every part an event echoes. */
const variants: Message[] = [
  base,
  { ...base, id: 'msg_se2', from: { deviceId: 'dev_a', sim: 2 }, reference: 'order-1' },
  {
    ...base,
    id: 'msg_se3',
    status: 'failed',
    from: { deviceId: 'dev_b', sim: 1 },
    metadata: { orderId: 'o-9', n: '3' },
    campaign: 'spring',
    tags: ['a', 'b'],
    failure: { code: '5001', category: 'invalid_number', permanent: true, explanation: 'No such number.' },
  },
];

describe('the status events the hub builds', () => {
  it('are what the OutboundEvent schema makes of them: a publisher may take them as they are', async () => {
    // Through the store, as transitions read them: the store checked each message against its schema.
    const store = createMemoryStore();
    for (const v of variants) {
      await store.messages.create(v, []);
      const m = (await store.messages.get(v.id))!;
      const e = outboundStatusEvent(m, pendingStatusEvent(m, 'queued', `evt_${m.id}_4`, now));
      expect(OutboundEvent.parse(e)).toEqual(e);
      expect(isBuiltStatusEvent(e)).toBe(true);
      expect(isBuiltStatusEvent(statusChangedEvent(m, 'sending', now))).toBe(true);
    }
  });

  it('are told apart from events built elsewhere, even equal ones', () => {
    const e = statusChangedEvent(base, 'queued', now);
    expect(isBuiltStatusEvent({ ...e })).toBe(false);
    expect(isBuiltStatusEvent(JSON.parse(JSON.stringify(e)) as OutboundEvent)).toBe(false);
  });
});
