import zapier from 'zapier-platform-core';
import { type SimHub as Demo, startSimHub as startDemo } from '@smsfleet/hub/testing';
import App from '../index';
import { FAST, type Hit, hookTarget, until } from '../testing/harness';

const appTester = zapier.createAppTester(App);
type Sub = { id: string; secret: string };

describe('Zapier "Phone Went Offline" against a real hub', () => {
  let demo: Demo;
  let authData: { baseUrl: string; apiKey: string };
  const op = App.triggers.device_offline.operation;

  beforeAll(async () => {
    demo = await startDemo({ env: { SMSFLEET_PORT: '0', SMSFLEET_LOG_LEVEL: 'silent' }, seed: 31, timing: FAST });
    authData = { baseUrl: demo.url, apiKey: demo.apiKey };
  });
  afterAll(async () => {
    await demo.close();
  });

  it("subscribes, receives the hub's signed device.offline when a phone's heartbeat stops, and lists it", async () => {
    const target = await hookTarget();
    try {
      const sub = (await appTester(
        op.performSubscribe as never,
        {
          authData,
          targetUrl: target.url,
          inputData: {},
        } as never,
      )) as Sub;
      // httpSMS's server notices the stopped heartbeat and tells the hub, which marks the phone offline.
      demo.fleet.phone('moto-g').setHeartbeat(false);
      const hit: Hit = await until('device.offline', () => target.hits.find((h) => h.body.includes('device.offline')));
      const items = (await appTester(
        op.perform as never,
        {
          authData,
          subscribeData: sub,
          cleanedRequest: JSON.parse(hit.body),
          rawRequest: { headers: hit.headers, content: hit.body },
        } as never,
      )) as Record<string, unknown>[];
      expect(items).toEqual([
        expect.objectContaining({
          deviceId: 'moto-g',
          gateway: 'httpsms',
          health: 'offline',
          previousHealth: 'online',
          reason: 'its gateway reports it offline',
        }),
      ]);
      expect(items[0]!.id).toBe(JSON.parse(hit.body).id);
      // A forged delivery is refused, like every trigger's.
      await expect(
        appTester(
          op.perform as never,
          {
            authData,
            subscribeData: sub,
            rawRequest: { headers: hit.headers, content: hit.body.replace('moto-g', 'pixel-7') },
          } as never,
        ),
      ).rejects.toThrow(/signature/);
      const listed = (await appTester(op.performList as never, { authData } as never)) as Record<string, unknown>[];
      expect(listed.map((d) => d.deviceId)).toEqual(['moto-g']);
      await appTester(op.performUnsubscribe as never, { authData, subscribeData: sub } as never);
    } finally {
      demo.fleet.phone('moto-g').setHeartbeat(true);
      await target.close();
    }
  });
});
