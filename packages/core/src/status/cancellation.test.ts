import type { Message } from '../schemas/message';
import { cancelRefusal, isOwnCancellation, isStaleReport, markCancelling, unmarkCancelling } from './cancellation';

const at = '2026-12-01T09:00:00.000Z';
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
  version: 2,
  gatewayMessageId: 'g1',
  cancellingGatewayId: 'g1',
};
const { cancellingGatewayId: _c, ...unmarked } = m;

describe('isOwnCancellation', () => {
  it('is the cancellation of the very hand-over the hub is cancelling, and nothing else', () => {
    expect(isOwnCancellation(m, 'g1', 'cancelled')).toBe(true);
    expect(isOwnCancellation(m, 'g1', 'sent')).toBe(false); // the phone got there first: that is news
    expect(isOwnCancellation(m, 'g0', 'cancelled')).toBe(false);
    expect(isOwnCancellation(m, undefined, 'cancelled')).toBe(false);
    expect(isOwnCancellation(unmarked, 'g1', 'cancelled')).toBe(false); // a cancel made elsewhere ends the message
  });
});

describe('isStaleReport', () => {
  it('ignores reports about a superseded hand-over and the hub’s own cancellation, and only those', () => {
    const requeued: Message = { ...unmarked, status: 'queued', supersededGatewayIds: ['g0'] };
    expect(isStaleReport(requeued, 'g0', 'delivered')).toBe(true);
    expect(isStaleReport(requeued, 'g2', 'delivered')).toBe(false);
    expect(isStaleReport(m, 'g1', 'cancelled')).toBe(true);
    expect(isStaleReport(m, 'g1', 'delivered')).toBe(false);
    expect(isStaleReport(unmarked, 'g1', 'cancelled')).toBe(false);
  });
});

describe('cancelRefusal', () => {
  it('allows a cancel only before the phone sent it', () => {
    for (const s of ['queued', 'scheduled', 'accepted', 'pending'] as const)
      expect(cancelRefusal({ status: s })).toBeUndefined();
    for (const s of ['sending', 'sent', 'unknown', 'delivered', 'failed', 'cancelled', 'expired'] as const)
      expect(cancelRefusal({ status: s })).toBe(`status is ${s}`);
  });
});

describe('markCancelling / unmarkCancelling', () => {
  const phone = { ...unmarked, from: { deviceId: 'dev_a', sim: 1 } };
  it('marks only a message still waiting on that hand-over, with a phone', () => {
    expect(markCancelling(phone, 'g1', () => true)?.message.cancellingGatewayId).toBe('g1');
    expect(markCancelling(phone, 'g1', () => false)).toBeNull();
    expect(markCancelling(unmarked, 'g1', () => true)).toBeNull(); // no phone: nothing to cancel
  });
  it('takes back only its own mark', () => {
    expect(unmarkCancelling(m, 'g1')?.message).toEqual(unmarked);
    expect(unmarkCancelling(m, 'g0')).toBeNull();
    expect(unmarkCancelling(unmarked, 'g1')).toBeNull();
  });
});
