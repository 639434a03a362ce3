import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFleet, type Fleet } from '@smsfleet/fleet-sim';
import type { Message } from '@smsfleet/core';
import { fleetConfigFromSim } from '../testing/from-sim';
import { freePort, FAST } from '../testing/pipeline-rig';
import { main } from './main';
import { startServe } from './serve';

const redisUrl = () => {
  const u = process.env.REDIS_URL;
  if (!u) throw new Error('REDIS_URL is not set: run the tests with `npm test`, which starts a redis-server');
  return u;
};

describe('smsfleet serve with a fleet file and Redis', () => {
  let fleet: Fleet;
  let file: string;
  beforeAll(async () => {
    fleet = await startFleet({
      seed: 11,
      timing: FAST,
      phones: [
        { id: 'office-1', gateway: 'sms-gate', sims: [{ number: '+15550700001' }] },
        { id: 'office-2', gateway: 'textbee', sims: [{ number: '+15550700002' }] },
      ],
    });
    file = join(mkdtempSync(join(tmpdir(), 'smsfleet-serve-')), 'fleet.json');
    writeFileSync(file, JSON.stringify(fleetConfigFromSim(fleet), null, 2));
  });
  afterAll(async () => {
    await fleet.close();
  });

  it('serves the phones of the file on Redis, prints a first key once, shares state with a second hub', async () => {
    const prefix = `serve-test-${Date.now()}:`;
    const env = (port: number) => ({
      SMSFLEET_PORT: String(port),
      SMSFLEET_LOG_LEVEL: 'silent',
      REDIS_URL: redisUrl(),
      SMSFLEET_REDIS_PREFIX: prefix,
    });
    const fleetFile = JSON.parse(readFileSync(file, 'utf8'));
    const a = await startServe({ env: env(await freePort()), fleet: fleetFile });
    const b = await startServe({ env: env(await freePort()), fleet: fleetFile });
    try {
      expect(a.storeKind).toBe('redis');
      expect(a.bootstrapKey).toMatch(/^sf_live_/);
      expect(b.bootstrapKey).toBeUndefined(); // the store already has a key
      const auth = { authorization: `Bearer ${a.bootstrapKey}`, 'content-type': 'application/json' };
      const sent = (await (
        await fetch(`${a.url}/v1/messages`, {
          method: 'POST',
          headers: auth,
          body: JSON.stringify({ to: '+14155550170', body: 'From serve' }),
        })
      ).json()) as Message;
      let m: Message = sent;
      for (let i = 0; i < 200 && m.status !== 'delivered'; i++) {
        await new Promise((r) => setTimeout(r, 50));
        m = ((await (await fetch(`${b.url}/v1/messages/${sent.id}`, { headers: auth })).json()) as { message: Message })
          .message; // read through the other hub
      }
      expect(m.status).toBe('delivered');
      expect(['office-1', 'office-2']).toContain(m.from?.deviceId);
      const devices = (await (await fetch(`${b.url}/v1/devices`, { headers: auth })).json()) as {
        items: { id: string }[];
      };
      expect(devices.items.map((d) => d.id).sort()).toEqual(['office-1', 'office-2']);
      // The first key may do everything, key management included.
      const account = (await (await fetch(`${a.url}/v1/account`, { headers: auth })).json()) as { scopes: string[] };
      expect(account.scopes).toEqual(['admin']);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('refuses to start without a fleet file, and reports every bad setting at once', async () => {
    await expect(main(['serve'])).rejects.toThrow(/--fleet FILE/);
    await expect(
      startServe({
        env: { SMSFLEET_PORT: 'x', REDIS_URL: 'http://nope' },
        fleet: JSON.parse(readFileSync(file, 'utf8')),
      }),
    ).rejects.toMatchObject({
      code: 'SMSFLEET_ERR_CONFIG',
      issues: [{ field: 'SMSFLEET_PORT' }, { field: 'REDIS_URL' }],
    });
  });
});
