import { createHmac } from 'node:crypto';
import { smsGateVitals } from './health-ping';
import { parseSmsGateWebhook } from './webhook';

const KEY = 'phone-key';
const NOW = new Date('2026-11-23T10:00:00.000Z');
const check = (observedValue: number) => ({ description: 'x', observedUnit: 'x', observedValue, status: 'pass' });
/** The health document of the app's docs (features/health.md), local mode. */
const HEALTH = {
  checks: {
    'messages:failed': check(2),
    'connection:status': check(1),
    'connection:transport': check(4),
    'connection:cellular': check(0),
    'battery:level': check(94),
    'battery:charging': check(4),
  },
  releaseId: 1,
  status: 'pass',
  version: '1.0.0',
};

describe('sms-gate health signals', () => {
  it("reads battery, network and the phone's failed count from a health document", () => {
    expect(smsGateVitals(HEALTH)).toEqual({
      batteryLevel: 94,
      charging: false,
      connectivity: 'wifi',
      failedLastHour: 2,
    });
    const cell = { checks: { ...HEALTH.checks, 'connection:transport': check(2), 'connection:cellular': check(4) } };
    expect(smsGateVitals(cell)).toMatchObject({ connectivity: 'cellular', cellular: '4g' });
    const usb = { checks: { 'battery:charging': check(5), 'connection:status': check(0) } };
    expect(smsGateVitals(usb)).toEqual({ charging: true, connectivity: 'none' });
  });

  it('leaves out checks of the wrong shape and answers undefined when nothing is there', () => {
    expect(smsGateVitals({ checks: { 'battery:level': { observedValue: 'full' } } })).toBeUndefined();
    expect(smsGateVitals({ checks: { 'battery:level': check(140), 'messages:failed': check(0) } })).toEqual({
      failedLastHour: 0,
    });
    expect(smsGateVitals(undefined)).toBeUndefined();
    expect(smsGateVitals({ status: 'pass' })).toBeUndefined();
  });

  it('parses a signed system:ping into a periodic heartbeat with the vitals', () => {
    const raw = JSON.stringify({ deviceId: 'dev-1', event: 'system:ping', id: 'p1', payload: { health: HEALTH } });
    const ts = String(Math.floor(NOW.getTime() / 1000));
    const sig = createHmac('sha256', KEY)
      .update(raw + ts)
      .digest('hex');
    const req = { rawBody: Buffer.from(raw), headers: { 'x-timestamp': ts, 'x-signature': sig }, url: 'http://h/i' };
    const r = parseSmsGateWebhook(req, KEY, NOW);
    expect(r).toEqual([
      {
        kind: 'heartbeat',
        gateway: 'sms-gate',
        deviceId: 'dev-1',
        online: true,
        periodic: true,
        at: NOW.toISOString(),
        vitals: { batteryLevel: 94, charging: false, connectivity: 'wifi', failedLastHour: 2 },
      },
    ]);
  });
});
