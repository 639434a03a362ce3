import { type SimHub as Demo, startSimHub as startDemo } from '@smsfleet/hub/testing';
import { createApiKey } from '@smsfleet/hub';
import { SmsFleet } from '../nodes/SmsFleet/SmsFleet.node';
import { engine, runWorkflow } from '../testing/engine';
import { runCredentialTest } from '../testing/credential-test';
import { FAST, items, link, sms, start } from '../testing/n8n-rig';
import { SmsFleetApi } from './SmsFleetApi.credentials';

describe('the SmsFleet credential and key scopes, against a real hub', () => {
  let demo: Demo;
  beforeAll(async () => {
    demo = await startDemo({ env: { SMSFLEET_PORT: '0', SMSFLEET_LOG_LEVEL: 'silent' }, seed: 33, timing: FAST });
  });
  afterAll(async () => {
    await demo.close();
  });
  const keyWith = async (scopes: ('send' | 'read' | 'webhooks')[]) =>
    (await createApiKey(demo.store, 'n8n', new Date(), { scopes })).key;

  it('passes a key with the scopes the nodes use, and names the scope another key lacks', async () => {
    const cred = new SmsFleetApi();
    const test = (apiKey: string) => runCredentialTest(cred, { baseUrl: `${demo.url}/`, apiKey });
    expect(await test(demo.apiKey)).toEqual({ status: 'OK', message: 'Connection successful!' });
    expect(await test(await keyWith(['send', 'read', 'webhooks']))).toMatchObject({ status: 'OK' });
    expect(await test(await keyWith(['send', 'webhooks']))).toEqual({
      status: 'Error',
      message:
        'This key lacks the `read` scope; create one with ' +
        '`smsfleet keys create --name n8n --scopes send,read,webhooks`',
    });
    expect(await test(await keyWith(['read']))).toMatchObject({ message: expect.stringContaining('the `send` scope') });
    expect(await test(`sf_live_${'A'.repeat(43)}`)).toEqual({ status: 'Error', message: 'Unauthorized' });
  });

  it('names the missing scope when a node runs with a narrower key', async () => {
    const env = engine(
      [new SmsFleet()],
      { smsfleetApi: new SmsFleetApi() },
      { smsfleetApi: { baseUrl: demo.url, apiKey: await keyWith(['read']) } },
    );
    const node = sms({ resource: 'message', operation: 'send', to: '+14155550190', text: 'Hi', options: {} });
    const run = await runWorkflow(env, {
      nodes: [start, node],
      connections: link,
      startNode: 'Start',
      input: items(1),
      executionId: 'exec-scope',
    });
    const err = run.data.resultData.error as { message: string; httpCode?: string } | undefined;
    expect(err?.httpCode).toBe('403');
    expect(err?.message).toBe(
      'SMSFLEET_ERR_FORBIDDEN: This key lacks the `send` scope; create one with ' +
        "`smsfleet keys create --name <name> --scopes send,read,webhooks` (or ask your hub's admin).",
    );
    expect(demo.fleet.truth.messages().filter((t) => t.recipient === '+14155550190')).toHaveLength(0);
  });
});
