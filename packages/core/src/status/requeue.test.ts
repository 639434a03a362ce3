import type { StatusEvent } from '../schemas/events';
import type { Message } from '../schemas/message';
import { MAX_SUPERSEDED, requeueChange, unsentUnder } from './requeue';

const at = '2026-12-01T09:00:00.000Z';
const later = '2026-12-01T09:05:00.000Z';
const handover = {
  attempt: 1,
  connectionId: 'c1',
  deviceId: 'dev_a',
  sim: 1,
  gateway: 'sms-gate' as const,
  clientId: 'msg_1',
  at,
  outcome: 'accepted' as const,
  outcomeAt: at,
  gatewayMessageId: 'g1',
};
const m: Message = {
  id: 'msg_1',
  to: '+14155550123',
  body: 'x',
  segments: 1,
  encoding: 'GSM-7',
  priority: 0,
  status: 'pending',
  attempts: 1,
  createdAt: at,
  updatedAt: at,
  version: 4,
  from: { deviceId: 'dev_a', sim: 1 },
  gateway: 'sms-gate',
  gatewayMessageId: 'g1',
  cancellingGatewayId: 'g1',
  handover,
};
const event: StatusEvent = {
  id: 'evt_1',
  messageId: 'msg_1',
  status: 'queued',
  at: later,
  source: 'router',
  note: 'requeued: dev_a did not pick it up',
};

describe('unsentUnder', () => {
  it('is true only while the message waits unsent under that gateway id', () => {
    expect(unsentUnder(m, 'g1')).toBe(true);
    expect(unsentUnder({ ...m, status: 'accepted' }, 'g1')).toBe(true);
    expect(unsentUnder({ ...m, status: 'sent' }, 'g1')).toBe(false);
    expect(unsentUnder(m, 'g0')).toBe(false);
  });
});

describe('requeueChange', () => {
  it('queues the message again, closes the hand-over as cancelled and supersedes its gateway id', () => {
    const c = requeueChange(m, 'g1', event)!;
    expect(c.events).toEqual([event]);
    expect(c.message).toMatchObject({ status: 'queued', updatedAt: later, supersededGatewayIds: ['g1'] });
    expect(c.message.handover).toEqual({ ...handover, outcome: 'cancelled', outcomeAt: later, note: event.note });
    for (const gone of ['from', 'gateway', 'gatewayMessageId', 'reservation', 'cancellingGatewayId'])
      expect(c.message).not.toHaveProperty(gone);
  });
  it('changes nothing once the phone moved on or another hand-over holds the message', () => {
    expect(requeueChange({ ...m, status: 'sent' }, 'g1', event)).toBeNull();
    expect(requeueChange({ ...m, gatewayMessageId: 'g2' }, 'g1', event)).toBeNull();
  });
  it('leaves a hand-over about another gateway id alone, and keeps the latest superseded ids', () => {
    const old = Array.from({ length: MAX_SUPERSEDED }, (_, i) => `old${i}`);
    const other = { ...handover, gatewayMessageId: 'g9' };
    const c = requeueChange({ ...m, handover: other, supersededGatewayIds: old }, 'g1', event)!;
    expect(c.message.handover).toEqual(other);
    expect(c.message.supersededGatewayIds).toEqual([...old.slice(1), 'g1']);
  });
});
