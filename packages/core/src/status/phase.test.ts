import { MESSAGE_STATUSES } from '../schemas/status';
import { awaitsHandOver, endsTracking, isSendable } from './phase';
import { isTerminal } from './precedence';

describe('endsTracking', () => {
  it('is true for final statuses and unknown, and nothing else', () => {
    for (const s of MESSAGE_STATUSES.filter((x) => x !== 'received'))
      expect([s, endsTracking(s)]).toEqual([s, isTerminal(s) || s === 'unknown']);
    expect(endsTracking('unknown')).toBe(true);
    expect(endsTracking('sent')).toBe(false);
  });
});

describe('awaitsHandOver', () => {
  it('is a queued or scheduled message no gateway took', () => {
    expect(awaitsHandOver({ status: 'queued' })).toBe(true);
    expect(awaitsHandOver({ status: 'scheduled' })).toBe(true);
    expect(awaitsHandOver({ status: 'queued', gatewayMessageId: 'g1' })).toBe(false);
    expect(awaitsHandOver({ status: 'pending' })).toBe(false);
  });
});

describe('isSendable', () => {
  it('is queued or scheduled, nothing else', () => {
    const sendable = MESSAGE_STATUSES.filter((s) => isSendable(s));
    expect(sendable).toEqual(['scheduled', 'queued']);
  });
});
