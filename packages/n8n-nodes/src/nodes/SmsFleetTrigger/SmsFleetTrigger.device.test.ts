import { type SimHub as Demo, startSimHub as startDemo } from '@smsfleet/hub/testing';
import { SmsFleetApi } from '../../credentials/SmsFleetApi.credentials';
import { deliverToWebhook, engine, hookMethods, type Engine } from '../../testing/engine';
import { FAST, hookServer, trigger, until, type Hit } from '../../testing/n8n-rig';
import { SmsFleetTrigger } from './SmsFleetTrigger.node';

describe('SmsFleet Trigger on phone health, in the real n8n engine against a real hub', () => {
  let demo: Demo;
  let env: Engine;
  let hook: Awaited<ReturnType<typeof hookServer>>;

  beforeAll(async () => {
    demo = await startDemo({ env: { SMSFLEET_PORT: '0', SMSFLEET_LOG_LEVEL: 'silent' }, seed: 33, timing: FAST });
    hook = await hookServer();
    env = engine(
      [new SmsFleetTrigger()],
      { smsfleetApi: new SmsFleetApi() },
      { smsfleetApi: { baseUrl: demo.url, apiKey: demo.apiKey } },
      hook.base,
    );
  });
  afterAll(async () => {
    await demo.close();
    await hook.close();
  });

  const hitOf = (type: string) =>
    until(type, () => hook.hits.find((x: Hit) => (JSON.parse(x.body) as { type: string }).type === type));

  it("starts on device.offline when a phone's heartbeat stops, and on device.online when it resumes", async () => {
    const offNodes = [trigger({ event: 'deviceOffline' })];
    const onNodes = [trigger({ event: 'deviceOnline' })];
    const off = hookMethods(env, offNodes, 'Trigger', {});
    const on = hookMethods(env, onNodes, 'Trigger', {});
    await off.create();
    await on.create();
    try {
      // httpSMS's server notices the stopped heartbeat and tells the hub, which marks the phone offline.
      demo.fleet.phone('moto-g').setHeartbeat(false);
      const offHit = await hitOf('device.offline');
      const run = await deliverToWebhook(env, {
        nodes: offNodes,
        nodeName: 'Trigger',
        staticData: off.workflow.staticData,
        headers: offHit.headers as never,
        rawBody: offHit.body,
      });
      expect(run.res.statusCode).toBe(200);
      expect(run.response.workflowData![0]![0]!.json).toMatchObject({
        event: 'device.offline',
        deviceId: 'moto-g',
        gateway: 'httpsms',
        health: 'offline',
        previousHealth: 'online',
      });
      demo.fleet.phone('moto-g').setHeartbeat(true);
      const onHit = await hitOf('device.online');
      const back = await deliverToWebhook(env, {
        nodes: onNodes,
        nodeName: 'Trigger',
        staticData: on.workflow.staticData,
        headers: onHit.headers as never,
        rawBody: onHit.body,
      });
      expect(back.response.workflowData![0]![0]!.json).toMatchObject({ event: 'device.online', deviceId: 'moto-g' });
      // A delivery whose body was changed on the way does not start the workflow.
      const forged = await deliverToWebhook(env, {
        nodes: offNodes,
        nodeName: 'Trigger',
        staticData: off.workflow.staticData,
        headers: offHit.headers as never,
        rawBody: offHit.body.replace('moto-g', 'pixel-7'),
      });
      expect(forged.res.statusCode).toBe(401);
    } finally {
      demo.fleet.phone('moto-g').setHeartbeat(true);
      await off.delete();
      await on.delete();
    }
  });
});
