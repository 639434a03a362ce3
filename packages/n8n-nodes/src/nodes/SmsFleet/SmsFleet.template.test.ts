import { type SimHub as Demo, startSimHub as startDemo } from '@smsfleet/hub/testing';
import { SmsFleetApi } from '../../credentials/SmsFleetApi.credentials';
import { engine, runWorkflow, type Engine } from '../../testing/engine';
import { FAST, items, link, output, sms, start } from '../../testing/n8n-rig';
import { SmsFleet } from './SmsFleet.node';

describe('SmsFleet node sends hub templates, in the real n8n engine against a real hub', () => {
  let demo: Demo;
  let env: Engine;
  let templateId: string;

  beforeAll(async () => {
    demo = await startDemo({ env: { SMSFLEET_PORT: '0', SMSFLEET_LOG_LEVEL: 'silent' }, seed: 32, timing: FAST });
    env = engine(
      [new SmsFleet()],
      { smsfleetApi: new SmsFleetApi() },
      { smsfleetApi: { baseUrl: demo.url, apiKey: demo.apiKey } },
    );
    const res = await fetch(`${demo.url}/v1/templates`, {
      method: 'POST',
      headers: { authorization: `Bearer ${demo.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Ship notice', body: 'Hi {{first}}, order {{order}} ships.' }),
    });
    templateId = ((await res.json()) as { id: string }).id;
  });
  afterAll(async () => {
    await demo.close();
  });

  it('loads the templates for the dropdown from the hub', async () => {
    const ctx = {
      getCredentials: async () => ({ baseUrl: demo.url, apiKey: demo.apiKey }),
      getNode: () => sms({}),
      helpers: {
        httpRequestWithAuthentication: async (_: string, o: { url: string }) => {
          const r = await fetch(o.url, { headers: { authorization: `Bearer ${demo.apiKey}` } });
          return { statusCode: r.status, body: await r.json() };
        },
      },
    };
    expect(await new SmsFleet().methods.loadOptions.getTemplates.call(ctx as never)).toEqual([
      { name: 'Ship notice', value: templateId, description: 'Hi {{first}}, order {{order}} ships.' },
    ]);
  });

  it('fills the template per item from expressions; an item missing a value errors with the code', async () => {
    const node = sms(
      {
        resource: 'message',
        operation: 'send',
        to: '={{ "+1415555016" + $json.i }}',
        content: 'template',
        templateId,
        templateVars: {
          values: [
            { name: 'first', value: '={{ ["Ada", "", "Cy"][$json.i] }}' },
            { name: 'order', value: '=A-{{$json.i}}' },
          ],
        },
        options: {},
      },
      { continueOnFail: true },
    );
    const run = await runWorkflow(env, {
      nodes: [start, node],
      connections: link,
      startNode: 'Start',
      input: items(3),
      executionId: 'exec-template',
    });
    const out = output(run);
    expect(out.map((o) => o.json.body ?? o.json.error)).toEqual([
      'Hi Ada, order A-0 ships.',
      expect.stringMatching(/^SMSFLEET_ERR_TEMPLATE_FIELD_MISSING: .*\(vars\.first: /),
      'Hi Cy, order A-2 ships.',
    ]);
    expect(demo.fleet.truth.messages().filter((t) => t.recipient === '+14155550161')).toHaveLength(0);
  });
});
