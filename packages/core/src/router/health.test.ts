import { Device } from '../schemas';
import { testDevice } from '../testing/fleet';
import {
  applyHeartbeat,
  applyOutcome,
  applySilence,
  applyVitals,
  lastSignOfLife,
  MAX_PENDING_HEALTH_CHANGES,
  noteHealthChange,
} from './health';

const T = Date.parse('2026-01-01T12:00:00.000Z');
const at = (ms: number) => new Date(T + ms);
const MIN = 60_000;

describe('device health transitions', () => {
  const d = testDevice('a', [{ slot: 1 }]);

  it('notes one change per crossing between offline and online, with an event id, and none for dozing', () => {
    const off = applyHeartbeat(d, false, at(0));
    expect(off.healthChanges).toEqual([
      expect.objectContaining({ health: 'offline', previousHealth: 'online', at: at(0).toISOString() }),
    ]);
    expect(off.healthChanges![0]!.eventId).toMatch(/^evt_/);
    expect(off.healthChangedAt).toBe(at(0).toISOString());
    expect(applyHeartbeat(off, false, at(1)).healthChanges).toHaveLength(1); // still offline: no new change
    const back = applyOutcome(off, 'ok', at(2), 3);
    expect(back.healthChanges!.map((c) => [c.previousHealth, c.health])).toEqual([
      ['online', 'offline'],
      ['offline', 'online'],
    ]);
    expect(applyHeartbeat(d, 'dozing', at(3)).healthChanges).toBeUndefined();
    expect(() => Device.parse(back)).not.toThrow();
  });

  it('notes the change when the failure streak reaches the threshold, naming it', () => {
    let x = d;
    for (let i = 0; i < 3; i++) x = applyOutcome(x, 'device_problem', at(i), 3);
    expect(x.health).toBe('offline');
    expect(x.healthChanges).toEqual([expect.objectContaining({ reason: expect.stringContaining('3 hand-overs') })]);
  });

  it(`keeps at most ${MAX_PENDING_HEALTH_CHANGES} unpublished changes`, () => {
    let x = d;
    for (let i = 0; i < MAX_PENDING_HEALTH_CHANGES + 5; i++)
      x = noteHealthChange(x, { ...x, health: i % 2 ? 'online' : 'offline' }, at(i), 'flap');
    expect(x.healthChanges).toHaveLength(MAX_PENDING_HEALTH_CHANGES);
    expect(x.healthChanges!.at(-1)!.at).toBe(at(MAX_PENDING_HEALTH_CHANGES + 4).toISOString());
  });
});

describe('silence', () => {
  const beating = testDevice('a', [{ slot: 1 }], { lastHeartbeatAt: at(0).toISOString() });

  it('marks a phone that sent heartbeats offline once it gave no sign of life for the time given', () => {
    expect(applySilence(beating, at(30 * MIN - 1), 30 * MIN)).toBeNull();
    const off = applySilence(beating, at(30 * MIN), 30 * MIN)!;
    expect(off).toMatchObject({ health: 'offline', healthChanges: [{ reason: 'no sign of life for 30 min' }] });
    expect(applySilence(off, at(90 * MIN), 30 * MIN)).toBeNull(); // already offline
  });

  it('counts any sign of life (a report after the last heartbeat) and never judges a phone with no heartbeat', () => {
    const seen = { ...beating, lastSeenAt: at(20 * MIN).toISOString() };
    expect(lastSignOfLife(seen)).toBe(T + 20 * MIN);
    expect(applySilence(seen, at(45 * MIN), 30 * MIN)).toBeNull();
    const quiet = testDevice('b', [{ slot: 1 }], { lastSeenAt: at(0).toISOString() });
    expect(applySilence(quiet, at(24 * 60 * MIN), 30 * MIN)).toBeNull();
  });
});

describe('heartbeat vitals', () => {
  const d = testDevice('a', [{ slot: 1 }]);

  it('records the heartbeat time and vitals, and brings an offline phone back with a change', () => {
    const off = applyHeartbeat(d, false, at(0));
    const v = applyVitals(off, { batteryLevel: 15, charging: false, connectivity: 'wifi' }, at(MIN), MIN)!;
    expect(v).toMatchObject({
      health: 'online',
      lastHeartbeatAt: at(MIN).toISOString(),
      lastSeenAt: at(MIN).toISOString(),
      batteryLevel: 15,
      charging: false,
      connectivity: 'wifi',
    });
    expect(v.healthChanges!.map((c) => c.health)).toEqual(['offline', 'online']);
  });

  it('writes nothing for a ping within the refresh time that changes nothing a reader sees', () => {
    const v = applyVitals(d, { batteryLevel: 80 }, at(0), MIN)!;
    expect(applyVitals(v, { batteryLevel: 80 }, at(MIN - 1), MIN)).toBeNull();
    expect(applyVitals(v, { batteryLevel: 79 }, at(MIN - 1), MIN)).toMatchObject({ batteryLevel: 79 });
    expect(applyVitals(v, undefined, at(MIN), MIN)).toMatchObject({ lastHeartbeatAt: at(MIN).toISOString() });
  });
});
