import type { Message } from '@smsfleet/core';
import { fleetConfigFromSim } from '../testing/from-sim';
import { rig, waitForStatus, type Rig } from '../testing/pipeline-rig';
import { memoryStoreCase } from '../testing/stores';

// Two SMS Gateway cloud phones on one cloud account, each its own connection (each phone signs with its own key).
// Each connection must register its hooks for its own phone only: a hook without deviceId fires for every phone, and
// the other phone's reports then reach an ingress whose key cannot verify them (401), retried for two days.
describe('two SMS Gateway cloud phones (memory store)', () => {
  let r: Rig;
  beforeAll(async () => {
    r = await rig(
      await memoryStoreCase.create(),
      {},
      {
        phones: [
          { id: 'pixel-a', gateway: 'sms-gate', sims: [{ number: '+15550100001' }] },
          { id: 'pixel-c', gateway: 'sms-gate', sims: [{ number: '+15550600001' }] },
        ],
      },
    );
  });
  afterAll(async () => {
    await r.close();
  });

  it("sets each cloud connection's webhookDeviceId from the simulator", () => {
    const c = fleetConfigFromSim(r.fleet).connections.map((x) => x.connection);
    expect(c.map((x) => (x.kind === 'sms-gate' ? x.webhookDeviceId : undefined))).toEqual(['pixel-a', 'pixel-c']);
  });

  it('runs a campaign through both with no webhook landing on the wrong ingress', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await fetch(`${r.base}/v1/messages`, {
        method: 'POST',
        headers: r.auth,
        body: JSON.stringify({
          to: `+141555572${String(i).padStart(2, '0')}`,
          body: `campaign ${i}`,
          deviceId: i % 2 ? 'pixel-a' : 'pixel-c',
        }),
      });
      ids.push(((await res.json()) as Message).id);
    }
    for (const id of ids) await waitForStatus(r, id, ['delivered'], 20_000);
    await r.fleet.truth.waitFor(
      (t) =>
        t
          .reports()
          .filter((x) => x.messageId)
          .every((x) => x.outcome !== 'pending'),
      20_000,
      'reports settled',
    );
    const attempts = r.fleet.truth.webhookAttempts();
    const about = attempts.filter((a) => a.event.startsWith('sms:'));
    expect(about.length).toBeGreaterThanOrEqual(40); // sent + delivered for each of the 20
    expect(new Set(about.map((a) => a.phoneId))).toEqual(new Set(['pixel-a', 'pixel-c']));
    const wrong = attempts.filter((a) => !a.url.endsWith(`/ingress/sms-gate-${a.phoneId}`));
    expect(wrong).toEqual([]);
    expect(attempts.filter((a) => a.status !== undefined && (a.status < 200 || a.status >= 300))).toEqual([]);
  }, 60_000);
});
