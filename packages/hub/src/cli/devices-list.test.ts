import { age, deviceLines, type ListedDevice } from './devices-list';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const phone = (over: Partial<ListedDevice>): ListedDevice => ({
  id: 'pixel-7',
  name: 'Pixel 7',
  gateway: 'sms-gate',
  connectionId: 'sms-gate-cloud',
  health: 'online',
  consecutiveFailures: 0,
  sims: [{ slot: 1, segmentsPerMinute: 30, enabled: true, usedLastMinute: 0 }],
  ...over,
});

describe('devices list lines', () => {
  it('says how long ago, in the largest whole unit up to days', () => {
    expect(age('2026-03-01T11:59:48Z', NOW)).toBe('12s');
    expect(age('2026-03-01T11:55:00Z', NOW)).toBe('5m');
    expect(age('2026-02-28T12:00:00Z', NOW)).toBe('24h');
    expect(age('2026-02-20T12:00:00Z', NOW)).toBe('9d');
    expect(age('2026-03-01T12:00:05Z', NOW)).toBe('0s'); // our clock behind the hub's
  });

  it('shows a capped SIM with zero use before its first send, and a disabled SIM as such', () => {
    const d = phone({
      sims: [
        { slot: 1, segmentsPerMinute: 30, enabled: true, usedLastMinute: 0, segmentsPerDay: 500 },
        { slot: 2, segmentsPerMinute: 30, enabled: false, usedLastMinute: 0 },
      ],
    });
    expect(deviceLines([d], NOW)).toEqual([
      'pixel-7  sms-gate  sms-gate-cloud  online',
      '  SIM1  0/30 per min  today 0/500',
      '  SIM2  0/30 per min               (disabled)',
    ]);
  });

  it('keeps every line within 120 columns, cutting at a column gap when ids are long', () => {
    const d = phone({
      id: 'x'.repeat(64),
      connectionId: 'c'.repeat(40),
      lastSeenAt: '2026-03-01T11:59:00Z',
      lastHeartbeatAt: '2026-03-01T11:58:00Z',
      batteryLevel: 100,
      charging: true,
      connectivity: 'wifi',
    });
    const lines = deviceLines([d], NOW);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(120);
    expect(lines.slice(0, 2).join(' ')).toMatch(
      /online .*seen 1m ago .*heartbeat 2m ago .*battery 100% charging .*wifi/,
    );
  });
});
