import { SmsfleetError, createMemoryStore } from '@smsfleet/core';
import { ManualClock } from '../testing/manual-clock';
import { FailedAuthThrottle } from './failed-auth';

describe('FailedAuthThrottle', () => {
  const failure = new SmsfleetError('SMSFLEET_ERR_UNAUTHORIZED', 'no');

  it('blocks an address after the limit until the window ends, and no other address', async () => {
    const clock = new ManualClock(Date.parse('2026-12-01T10:00:30.000Z'));
    const t = new FailedAuthThrottle(createMemoryStore().counters, clock, 3);
    for (let i = 0; i < 3; i++) expect(await t.failed('10.0.0.1', failure)).toBe(failure);
    const answer = (await t.failed('10.0.0.1', failure)) as SmsfleetError;
    expect(answer.code).toBe('SMSFLEET_ERR_RATE_LIMITED');
    expect(answer.details).toMatchObject({ retryAfterSeconds: 30, limit: 3 });
    expect(() => t.check('10.0.0.1')).toThrow(expect.objectContaining({ code: 'SMSFLEET_ERR_RATE_LIMITED' }));
    expect(() => t.check('10.0.0.2')).not.toThrow();
    clock.advance(30_000);
    expect(() => t.check('10.0.0.1')).not.toThrow();
  });

  it('keeps the 401 when the store cannot count', async () => {
    const broken = { hitWindow: () => Promise.reject(new Error('ECONNREFUSED')) };
    const t = new FailedAuthThrottle(broken, new ManualClock(0), 1);
    for (let i = 0; i < 3; i++) expect(await t.failed('10.0.0.1', failure)).toBe(failure);
  });
});
