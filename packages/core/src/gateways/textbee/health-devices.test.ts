import { textbeeDeviceHealth } from './health-devices';

describe("textbee's device status", () => {
  const listing = {
    data: [
      {
        _id: '6650a1',
        enabled: true,
        lastHeartbeat: '2026-11-23T09:58:00.000Z',
        heartbeatIntervalMinutes: 30,
        batteryInfo: { percentage: 41, isCharging: true, lastUpdated: '2026-11-23T09:58:00.000Z' },
        networkInfo: { type: 'cellular' },
      },
      { _id: '6650a2', enabled: true, lastHeartbeat: '2026-11-23T08:00:00.000Z' },
      { _id: '6650a3', enabled: false, lastHeartbeat: '2026-11-23T09:59:00.000Z' },
      { _id: '6650a4', enabled: true },
      { enabled: true, lastHeartbeat: '2026-11-23T09:59:00.000Z' },
    ],
  };

  it('turns fresh heartbeats into periodic heartbeats with vitals and a disabled phone into offline', () => {
    const since = new Date('2026-11-23T09:00:00.000Z');
    expect(textbeeDeviceHealth(listing, since)).toEqual([
      {
        kind: 'heartbeat',
        gateway: 'textbee',
        deviceId: '6650a1',
        online: true,
        periodic: true,
        at: '2026-11-23T09:58:00.000Z',
        vitals: { batteryLevel: 41, charging: true, connectivity: 'cellular' },
      },
      { kind: 'heartbeat', gateway: 'textbee', deviceId: '6650a3', online: false, at: since.toISOString() },
    ]);
  });

  it('reads every heartbeat without a since, and nothing from a body of the wrong shape', () => {
    expect(textbeeDeviceHealth(listing, undefined).filter((r) => r.kind === 'heartbeat' && r.online)).toHaveLength(2);
    expect(textbeeDeviceHealth({ data: 'nope' }, undefined)).toEqual([]);
    expect(textbeeDeviceHealth(null, undefined)).toEqual([]);
  });
});
