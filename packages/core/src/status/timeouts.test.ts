import { checkTimeout, DEFAULT_TIMEOUT_POLICY, timeoutDueAt } from './timeouts';

const base = { id: 'msg_1', updatedAt: '2026-11-23T10:00:00.000Z' };

describe('timeouts', () => {
  it('expires a message not sent before expiresAt, and not a moment earlier', () => {
    const m = { ...base, status: 'queued' as const, expiresAt: '2026-11-23T11:00:00.000Z' };
    expect(checkTimeout(m, new Date('2026-11-23T10:59:59.999Z'))).toBeNull();
    const e = checkTimeout(m, new Date('2026-11-23T11:00:00.000Z'))!;
    expect(e).toMatchObject({
      messageId: 'msg_1',
      status: 'expired',
      source: 'timeout',
      failure: { category: 'expired' },
    });
  });

  it('never expires a message without expiresAt before its hand-over', () => {
    expect(checkTimeout({ ...base, status: 'queued' }, new Date('2030-01-01T00:00:00.000Z'))).toBeNull();
  });

  it('turns an unconfirmed hand-over (pending, accepted) into unknown after the window, with the reason', () => {
    for (const status of ['pending', 'accepted'] as const) {
      const m = { ...base, status };
      const due = timeoutDueAt(m)!;
      expect(due.getTime() - Date.parse(base.updatedAt)).toBe(DEFAULT_TIMEOUT_POLICY.finalReportWindowMs);
      expect(checkTimeout(m, new Date(due.getTime() - 1))).toBeNull();
      expect(checkTimeout(m, due)).toMatchObject({
        status: 'unknown',
        source: 'timeout',
        note: expect.stringContaining(`handed over to the gateway (${status})`),
      });
    }
    // An expiry before the window still expires it, as before.
    const early = { ...base, status: 'pending' as const, expiresAt: '2026-11-23T11:00:00.000Z' };
    expect(timeoutDueAt(early)!.toISOString()).toBe(early.expiresAt);
    expect(checkTimeout(early, new Date(early.expiresAt))).toMatchObject({ status: 'expired' });
  });

  it('turns sent with no final report into unknown after the window', () => {
    const m = { ...base, status: 'sent' as const, sentAt: '2026-11-23T10:00:00.000Z' };
    const due = timeoutDueAt(m)!;
    expect(due.getTime() - Date.parse(m.sentAt)).toBe(DEFAULT_TIMEOUT_POLICY.finalReportWindowMs);
    expect(checkTimeout(m, new Date(due.getTime() - 1))).toBeNull();
    expect(checkTimeout(m, due)).toMatchObject({ status: 'unknown', source: 'timeout' });
    expect(checkTimeout(m, new Date('2026-11-23T10:05:00.000Z'), { finalReportWindowMs: 60_000 })).toMatchObject({
      status: 'unknown',
    });
  });

  it('has nothing to do for final and unknown messages', () => {
    for (const status of ['delivered', 'failed', 'cancelled', 'unknown'] as const) {
      expect(timeoutDueAt({ ...base, status, expiresAt: '2020-01-01T00:00:00.000Z' })).toBeUndefined();
      expect(checkTimeout({ ...base, status }, new Date('2030-01-01T00:00:00.000Z'))).toBeNull();
    }
  });
});
