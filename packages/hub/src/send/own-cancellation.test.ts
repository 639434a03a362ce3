import type { Message } from '@smsfleet/core';
import { isOwnCancellation } from './own-cancellation';

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

describe('isOwnCancellation', () => {
  it('is the cancellation of the very hand-over the hub is cancelling, and nothing else', () => {
    expect(isOwnCancellation(m, 'g1', 'cancelled')).toBe(true);
    expect(isOwnCancellation(m, 'g1', 'sent')).toBe(false); // the phone got there first: that is news
    expect(isOwnCancellation(m, 'g0', 'cancelled')).toBe(false);
    expect(isOwnCancellation(m, undefined, 'cancelled')).toBe(false);
    const { cancellingGatewayId: _c, ...unmarked } = m;
    expect(isOwnCancellation(unmarked, 'g1', 'cancelled')).toBe(false); // a cancel made elsewhere ends the message
  });
});
