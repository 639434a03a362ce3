import { randomBytes } from 'node:crypto';
import { createRedisStore, type Message } from '@smsfleet/core';
import { connectTestCluster, keysPerMaster } from '@smsfleet/core/testing';
import { rig, type Rig, waitForStatus } from '../testing/pipeline-rig';

const MESSAGES = 200;

// What a Cluster is for: a campaign's state is not piled on one master. Every message has its own hash tag
// ({m:<id>}), so its keys land in its own slot; the slots are split over the masters.
describe('a campaign on a 3-master Redis Cluster', () => {
  const prefix = `test:spread:${randomBytes(6).toString('hex')}:`;
  const admin = connectTestCluster();
  let r: Rig;
  beforeAll(async () => {
    const store = createRedisStore({ redis: connectTestCluster(), prefix, closeConnection: true });
    // Eight phones with roomy SIMs, so that 200 texts go out side by side without waiting for a budget window.
    const phones = Array.from({ length: 8 }, (_, i) => ({
      id: `spread-${i}`,
      gateway: 'sms-gate' as const,
      sims: [{ number: `+155508000${10 + i}`, segmentsPerMinute: 1_000 }],
    }));
    r = await rig(store, {}, { phones });
  });
  afterAll(async () => {
    await r.close();
    for (const keys of await keysPerMaster(admin, prefix)) for (const k of keys) await admin.del(k);
    await admin.quit();
  });

  it(`spreads the keys of ${MESSAGES} delivered messages over every master`, async () => {
    const res = await fetch(`${r.base}/v1/messages/bulk`, {
      method: 'POST',
      headers: r.auth,
      body: JSON.stringify({
        messages: Array.from({ length: MESSAGES }, (_, i) => ({
          to: `+1415555${String(i).padStart(4, '0')}`,
          body: `Spring sale ${i}`,
          campaign: 'spring',
        })),
      }),
    });
    expect(res.status).toBe(202);
    const { messages } = (await res.json()) as { messages: Message[] };
    expect(messages).toHaveLength(MESSAGES);
    for (const m of messages) await waitForStatus(r, m.id, ['delivered'], 60_000);

    const perMaster = await keysPerMaster(admin, prefix);
    expect(perMaster).toHaveLength(3);
    const messageKeys = perMaster.map((keys) => keys.filter((k) => k.startsWith(`${prefix}{m:`)).length);
    console.log(
      `keys per master: ${perMaster.map((k) => k.length).join(', ')}; message keys ${messageKeys.join(', ')}`,
    );
    // A message hash and its event list each; ids are random, so each master holds about a third.
    expect(messageKeys.reduce((a, b) => a + b, 0)).toBe(2 * MESSAGES);
    for (const n of messageKeys) expect(n).toBeGreaterThan((2 * MESSAGES) / 6);
  });
});
