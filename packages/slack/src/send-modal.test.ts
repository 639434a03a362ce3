import { startSlackRig, until, type SlackRig } from './testing/slack-rig';

const values = (to: string, text: string, device?: string) => ({
  to: { v: { type: 'plain_text_input', value: to } },
  text: { v: { type: 'plain_text_input', value: text } },
  device: { v: { type: 'static_select', selected_option: device ? { value: device } : null } },
  sim: { v: { type: 'static_select', selected_option: null } },
  when: { v: { type: 'datetimepicker', selected_date_time: null } },
  opts: { v: { type: 'checkboxes', selected_options: [] } },
});

describe('the Send SMS modal, judged by the hub', () => {
  let r: SlackRig;
  beforeAll(async () => {
    r = await startSlackRig(43);
  });
  afterAll(async () => {
    await r.close();
  });
  const submit = (v: object) =>
    r.interaction({
      type: 'view_submission',
      team: { id: 'T1' },
      user: { id: 'U1' },
      view: { id: 'V1', callback_id: 'send_sms_modal', private_metadata: '', state: { values: v } },
    });

  it('the shortcut opens the modal with the hub devices', async () => {
    await r.interaction({
      type: 'shortcut',
      callback_id: 'send_sms',
      trigger_id: 'trig1',
      team: { id: 'T1' },
      user: { id: 'U1' },
    });
    const open = await until('views.open', () => r.calls('views.open')[0]);
    expect(open.args.view.callback_id).toBe('send_sms_modal');
    expect(JSON.stringify(open.args.view)).toContain('nokia-g42');
  });

  it("a bad submission shows the hub's field errors in the modal, and nothing is sent", async () => {
    const bad = await submit(values('not a number', ''));
    expect(await bad.json()).toEqual({
      response_action: 'errors',
      errors: { to: expect.stringMatching(/phone number/), text: 'Write a message.' },
    });
    const device = await submit(values('+14155550177', 'Hi', 'no-such-phone'));
    expect(await device.json()).toEqual({ response_action: 'errors', errors: { device: expect.stringMatching(/\S/) } });
    await fetch(`${r.demo.url}/v1/contacts/%2B14155550173/opt-out`, {
      method: 'POST',
      headers: { authorization: `Bearer ${r.demo.apiKey}` },
    });
    const optedOut = await submit(values('+14155550173', 'Hi'));
    expect(await optedOut.json()).toEqual({
      response_action: 'errors',
      errors: { to: expect.stringContaining('SMSFLEET_ERR_OPTED_OUT') },
    });
    expect(r.demo.fleet.truth.messages().filter((t) => /^\+1415555017[37]$/.test(t.recipient))).toEqual([]);
  });

  it('a good submission sends, in the contact thread', async () => {
    const ok = await submit(values('+1 415 555 0174', 'From the modal'));
    expect(ok.status).toBe(200);
    await until('modal text', () => r.demo.fleet.truth.messages().find((t) => t.recipient === '+14155550174'));
    // The hub's E.164 form names the thread, as inbound texts from the contact do.
    const thread = await r.hubGet(`/v1/bindings/slack-thread.CINBOUND1/%2B14155550174`);
    expect(thread.value).toEqual(expect.any(String));
  });

  it('typing updates the live count, counted by the hub', async () => {
    await r.interaction({
      type: 'block_actions',
      team: { id: 'T1' },
      user: { id: 'U1' },
      trigger_id: 't',
      actions: [{ block_id: 'text', action_id: 'v', type: 'plain_text_input', value: 'Hi 😀' }],
      view: {
        id: 'V1',
        hash: 'h1',
        type: 'modal',
        callback_id: 'send_sms_modal',
        blocks: [{ type: 'context', block_id: 'count', elements: [] }],
      },
    });
    const upd = await until('count update', () => r.calls('views.update')[0]);
    expect(JSON.stringify(upd.args.view)).toContain('1 part · UCS-2 (because of 😀)');
  });
});
