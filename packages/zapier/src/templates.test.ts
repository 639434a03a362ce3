import zapier from 'zapier-platform-core';
import { type SimHub as Demo, startSimHub as startDemo } from '@smsfleet/hub/testing';
import App from './index';
import { FAST, until } from './testing/harness';

const appTester = zapier.createAppTester(App);

describe('Zapier Send SMS with a hub template', () => {
  let demo: Demo;
  let authData: { baseUrl: string; apiKey: string };
  let templateId: string;
  const send = (inputData: object) =>
    appTester(App.creates.send_sms.operation.perform as never, { authData, inputData } as never) as Promise<{
      id: string;
      body: string;
    }>;

  beforeAll(async () => {
    demo = await startDemo({ env: { SMSFLEET_PORT: '0', SMSFLEET_LOG_LEVEL: 'silent' }, seed: 24, timing: FAST });
    authData = { baseUrl: demo.url, apiKey: demo.apiKey };
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

  it('lists the templates for the dropdown and turns the chosen one into an input per merge field', async () => {
    const listed = await appTester(App.triggers.template.operation.perform as never, { authData } as never);
    expect(listed).toEqual([
      { id: templateId, name: 'Ship notice', body: 'Hi {{first}}, order {{order}} ships.', fields: 'first, order' },
    ]);
    const dynamic = App.creates.send_sms.operation.inputFields.find((f) => typeof f === 'function');
    const inputs = (await appTester(dynamic as never, { authData, inputData: { templateId } } as never)) as object[];
    expect(inputs).toEqual([
      expect.objectContaining({ key: 'var__first', label: 'first' }),
      expect.objectContaining({ key: 'var__order', label: 'order' }),
    ]);
    expect(await appTester(dynamic as never, { authData, inputData: {} } as never)).toEqual([]);
  });

  it('sends the filled template, and refuses one missing a field with the code and field', async () => {
    const sent = await send({ to: '+14155550137', templateId, var__first: 'Ada', var__order: 'A-7' });
    expect(sent.body).toBe('Hi Ada, order A-7 ships.');
    await until('delivered', async () =>
      demo.fleet.truth.messages().find((t) => t.recipient === '+14155550137' && t.text === sent.body),
    );
    await expect(send({ to: '+14155550138', templateId, var__order: 'A-8', var__first: '' })).rejects.toMatchObject({
      name: 'AppError',
      message: expect.stringMatching(/vars\.first: the template uses \{\{first\}\}/),
    });
    expect(demo.fleet.truth.messages().filter((t) => t.recipient === '+14155550138')).toHaveLength(0);
  });
});
