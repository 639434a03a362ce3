import type { SimHub } from '@smsfleet/hub/testing';
import { type Answer, dataOf, inProcess, startHub, type TestClient, textOf, until } from './testing/rig';

describe('the MCP tools against a real hub with simulated phones (SDK client, in-process)', () => {
  let hub: SimHub;
  const clients: TestClient[] = [];
  const connect = async (answer: Answer) => {
    const c = await inProcess({ url: hub.url, apiKey: hub.apiKey }, answer);
    clients.push(c);
    return c;
  };
  const delivered = (to: string) =>
    until(`fleet-sim delivers the text to ${to}`, () =>
      hub.fleet.truth.messages().find((t) => t.recipient === to && t.finalState === 'delivered'),
    );

  beforeAll(async () => {
    hub = await startHub(41);
  });
  afterAll(async () => {
    for (const c of clients) await c.close();
    await hub.close();
  });

  it('lists every tool with the inputs of core’s schemas (descriptions included), the send destructive', async () => {
    const c = await connect('no-elicitation');
    const { tools } = await c.client.listTools();
    expect(tools.map((t) => t.name)).toEqual([
      'send_sms',
      'preview_sms',
      'get_message',
      'list_messages',
      'list_inbox',
      'find_contact',
      'opt_out_contact',
      'get_metrics',
      'list_devices',
      'hub_health',
    ]);
    const send = tools.find((t) => t.name === 'send_sms')!;
    const props = send.inputSchema.properties as Record<string, { description?: string; examples?: unknown[] }>;
    expect(props.to?.description).toBe("Recipient phone number; E.164, or national with the hub's default region");
    expect(props.to?.examples).toEqual(['+14155550123']);
    expect(props.idempotencyKey?.description).toMatch(/^Repeat a send safely/);
    expect(send.inputSchema.required).toEqual(['to', 'body']);
    expect(send.annotations).toMatchObject({ destructiveHint: true, idempotentHint: false, readOnlyHint: false });
    const status = tools.find((t) => t.name === 'get_message')!;
    expect((status.inputSchema.properties as any).id.description).toBe('smsfleet message id');
    expect(status.annotations?.readOnlyHint).toBe(true);
  });

  it('sends with a generated idempotency key, follows it to delivered, never texts twice for the key', async () => {
    const c = await connect('no-elicitation');
    const to = '+14155550181';
    const sent = await c.call('send_sms', { to, body: 'Your table is ready' });
    expect(sent.isError).toBeFalsy();
    const { idempotencyKey, message } = dataOf(sent);
    expect(idempotencyKey).toMatch(/^mcp-[0-9a-f-]{36}$/);
    expect(textOf(sent)).toContain(`Accepted ${message.id} to ${to}`);

    const truth = await delivered(to);
    expect(truth.text).toBe('Your table is ready');
    const status = await until('the status tool says delivered', async () => {
      const r = await c.call('get_message', { id: message.id });
      return dataOf(r).message.status === 'delivered' ? r : undefined;
    });
    expect(textOf(status)).toMatch(new RegExp(`^${message.id} to \\${to} is delivered \\(timeline: .*delivered\\)`));
    expect(dataOf(status).events.map((e: { status: string }) => e.status)).toContain('delivered');

    const again = await c.call('send_sms', { to, body: 'Your table is ready', idempotencyKey });
    expect(dataOf(again)).toMatchObject({ repeat: true, idempotencyKey, message: { id: message.id } });
    expect(hub.fleet.truth.messages().filter((t) => t.recipient === to)).toHaveLength(1);
  });

  it('refuses to send with a key that lacks the send scope, naming it, and texts nobody', async () => {
    const made = await fetch(`${hub.url}/v1/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${hub.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'mcp-read-only', scopes: ['read'] }),
    });
    expect(made.status).toBe(201);
    const { key } = (await made.json()) as { key: string };
    const c = await inProcess({ url: hub.url, apiKey: key }, 'no-elicitation');
    clients.push(c);
    const to = '+14155550189';
    const refused = await c.call('send_sms', { to, body: 'Not allowed' });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(/lacks the `send` scope/);
    const listed = await c.call('list_messages', {});
    expect(listed.isError).toBeFalsy(); // the same key may still read
    expect(hub.fleet.truth.messages().filter((t) => t.recipient === to)).toHaveLength(0);
  });

  it('asks a client that can ask, and sends nothing when its user declines', async () => {
    const c = await connect('decline');
    const to = '+14155550182';
    const r = await c.call('send_sms', { to, body: 'Sale ends tonight 😀' });
    expect(r.isError).toBeFalsy();
    expect(dataOf(r)).toMatchObject({ sent: false });
    expect(c.asked).toHaveLength(1);
    expect(c.asked[0]!.message).toMatch(
      /^Send 1 text to \+14155550182 \(1 SMS part, UCS-2\)\?\n\nSale ends tonight 😀/,
    );
    expect(c.asked[0]!.message).toContain('Warning (UCS2)');
    // Declined before the hub was asked to send: the hub has no message to the number.
    const listed = await c.call('list_messages', { to });
    expect(dataOf(listed).items).toEqual([]);
  });

  it('sends once the user accepts', async () => {
    const c = await connect('accept');
    const to = '+14155550183';
    const r = await c.call('send_sms', { to, body: 'Confirmed', idempotencyKey: 'mcp-test-accept' });
    expect(dataOf(r)).toMatchObject({ sent: true, repeat: false, idempotencyKey: 'mcp-test-accept' });
    expect(c.asked.map((q) => q.message.split('\n')[0])).toEqual([`Send 1 text to ${to} (1 SMS part, GSM-7)?`]);
    await delivered(to);
  });

  it('previews, lists, reads the inbox, finds and opts out a contact, whose next send is refused', async () => {
    const c = await connect('no-elicitation');
    const preview = await c.call('preview_sms', { to: '+14155550184', body: 'Hello' });
    expect(dataOf(preview).preview).toMatchObject({ to: '+14155550184', segments: 1, encoding: 'GSM-7' });

    const inboundId = hub.fleet.phone('pixel-7').receiveSms('+14155550185', 'Is my order ready?');
    const inbox = await until('the text in the inbox', async () => {
      const page = dataOf(await c.call('list_inbox', { from: '+14155550185' }));
      return page.items.length ? page : undefined;
    });
    expect(inbox.items[0]).toMatchObject({ from: '+14155550185', body: 'Is my order ready?', deviceId: 'pixel-7' });
    expect(inboundId).toBeTruthy();

    const before = await c.call('find_contact', { phone: '+14155550186' });
    expect(dataOf(before).contact).toMatchObject({ optedOut: false, known: false });
    const out = await c.call('opt_out_contact', { phone: '+14155550186', keyword: 'STOP' });
    expect(dataOf(out).contact).toMatchObject({ phone: '+14155550186', optedOut: true, source: 'api' });
    expect(textOf(out)).toMatch(/^\+14155550186 has opted out/);
    const refused = await c.call('send_sms', { to: '+14155550186', body: 'Hi again' });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(/^SMSFLEET_ERR_OPTED_OUT: /);
  });

  it('reads metrics, devices and health, and refuses a bad input naming the field', async () => {
    const c = await connect('no-elicitation');
    const sent = await c.call('send_sms', { to: '+14155550188', body: 'Counted', campaign: 'mcp-metrics' });
    expect(sent.isError).toBeFalsy();
    // Waited for, not read once: metrics may be rolled up after the send.
    await until('the metrics count the text', async () => {
      const m = dataOf(await c.call('get_metrics', { campaign: 'mcp-metrics' }));
      return m.messages === 1 || undefined;
    });
    const devices = dataOf(await c.call('list_devices'));
    expect(devices.items.map((d: { id: string }) => d.id)).toContain('pixel-7');
    const health = await c.call('hub_health');
    expect(dataOf(health)).toMatchObject({ status: 'ok', store: 'memory' });
    const bad = await c.call('send_sms', { to: '+14155550187', body: 'x', sendAt: 'tomorrow' });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toContain('sendAt');
    const unknown = await c.call('get_message', { id: 'msg_nope' });
    expect(unknown.isError).toBe(true);
  });
});
