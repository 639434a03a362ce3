import { parseVars, templateCommand } from './template-input';
import { startSlackRig, until, type SlackRig } from './testing/slack-rig';

describe('templates from Slack: /sms and the Send SMS modal, against a real hub over signed requests', () => {
  let r: SlackRig;
  let templateId: string;
  beforeAll(async () => {
    r = await startSlackRig(44);
    const res = await fetch(`${r.demo.url}/v1/templates`, {
      method: 'POST',
      headers: { authorization: `Bearer ${r.demo.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Table ready', body: 'Hi {{first}}, your table for {{n}} is ready.' }),
    });
    templateId = ((await res.json()) as { id: string }).id;
  });
  afterAll(async () => {
    await r.close();
  });
  const textsTo = (to: string) => r.demo.fleet.truth.messages().filter((t) => t.recipient === to);

  it('reads merge values with spaces, and a template command', () => {
    expect(parseVars('first=Ada Lovelace n=4')).toEqual({ first: 'Ada Lovelace', n: '4' });
    expect(parseVars('first: Ada\nn: 4\n')).toEqual({ first: 'Ada', n: '4' });
    expect(templateCommand('template=table-ready first=Bo')).toEqual({ ref: 'table-ready', vars: { first: 'Bo' } });
    expect(templateCommand('Your table is ready')).toBeUndefined();
  });

  it('/sms template=<name> sends the filled template; a missing value is refused and nothing is sent', async () => {
    await r.slash('+14155550181 template=table-ready first=Ada Lovelace n=4');
    await until('text', () => textsTo('+14155550181')[0]);
    expect(textsTo('+14155550181').map((t) => t.text)).toEqual(['Hi Ada Lovelace, your table for 4 is ready.']);
    await until('status message', () =>
      r.calls('chat.postMessage').find((c) => String(c.args.text).includes('Hi Ada Lovelace, your table for 4')),
    );
    await r.slash('+14155550182 template=table-ready first=Bo');
    const refused = await until('refusal', () =>
      r.slack.responses.find((x) => JSON.stringify(x.args).includes('SMSFLEET_ERR_TEMPLATE_FIELD_MISSING')),
    );
    expect(JSON.stringify(refused.args)).toMatch(/\(vars\.n: /);
    expect(textsTo('+14155550182')).toHaveLength(0);
  });

  it('the modal offers templates; a submission sends the template, a missing value errors on its block', async () => {
    await r.interaction({
      type: 'shortcut',
      callback_id: 'send_sms',
      trigger_id: 't9',
      team: { id: 'T1' },
      user: { id: 'U1' },
    });
    const open = await until('views.open', () => r.calls('views.open').at(-1));
    const block = (open.args.view.blocks as { block_id: string; element?: { options?: { value: string }[] } }[]).find(
      (b) => b.block_id === 'template',
    );
    expect(block?.element?.options?.map((o) => o.value)).toEqual([templateId]);
    const submit = (to: string, vars: string) =>
      r.interaction({
        type: 'view_submission',
        team: { id: 'T1' },
        user: { id: 'U1' },
        view: {
          id: 'V1',
          callback_id: 'send_sms_modal',
          private_metadata: '',
          state: {
            values: {
              to: { v: { type: 'plain_text_input', value: to } },
              text: { v: { type: 'plain_text_input', value: null } },
              template: { v: { type: 'static_select', selected_option: { value: templateId } } },
              vars: { v: { type: 'plain_text_input', value: vars } },
            },
          },
        },
      });
    const bad = await submit('+14155550183', 'first: Cy');
    expect(await bad.json()).toEqual({
      response_action: 'errors',
      errors: { vars: expect.stringContaining('SMSFLEET_ERR_TEMPLATE_FIELD_MISSING') },
    });
    expect((await submit('+14155550183', 'first: Cy\nn: 2')).status).toBe(200);
    await until('modal text', () => textsTo('+14155550183')[0]);
    expect(textsTo('+14155550183').map((t) => t.text)).toEqual(['Hi Cy, your table for 2 is ready.']);
  });
});
