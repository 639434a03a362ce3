import zapier from 'zapier-platform-core';
import { type SimHub as Demo, startSimHub as startDemo } from '@smsfleet/hub/testing';
import App from './index';
import { FAST, until } from './testing/harness';

const appTester = zapier.createAppTester(App);

describe('Zapier actions and searches against a real hub', () => {
  let demo: Demo;
  let authData: { baseUrl: string; apiKey: string };
  const api = async (path: string) =>
    (await fetch(`${demo.url}${path}`, { headers: { authorization: `Bearer ${demo.apiKey}` } })).json() as Promise<any>;
  const send = (inputData: object) =>
    appTester(App.creates.send_sms.operation.perform as never, { authData, inputData } as never) as Promise<{
      id: string;
      status: string;
    }>;

  beforeAll(async () => {
    demo = await startDemo({ env: { SMSFLEET_PORT: '0', SMSFLEET_LOG_LEVEL: 'silent' }, seed: 23, timing: FAST });
    authData = { baseUrl: demo.url, apiKey: demo.apiKey };
  });
  afterAll(async () => {
    await demo.close();
  });

  it('sends a text tracked to delivered, and a repeat with the same idempotency key texts nobody twice', async () => {
    const input = {
      to: '+14155550134',
      message: 'Only once',
      idempotencyKey: 'zap-run-1',
      deviceId: 'nokia-g42',
      sim: '2',
    };
    const a = await send(input);
    const b = await send(input);
    expect(b.id).toBe(a.id);
    const m = await until('delivered', async () => {
      const x = (await api(`/v1/messages/${a.id}`)).message;
      return x.status === 'delivered' ? x : undefined;
    });
    expect(m.from).toMatchObject({ deviceId: 'nokia-g42', sim: 2 });
    expect(demo.fleet.truth.messages().filter((t) => t.recipient === '+14155550134')).toHaveLength(1);
  });

  it('gives a clear field error for a bad number', async () => {
    await expect(send({ to: '12', message: 'x' })).rejects.toMatchObject({
      name: 'AppError',
      message: expect.stringMatching(/\(to: /),
    });
    // The hub names the text `body.body`; the Zap user knows it as the Message field.
    await expect(send({ to: '+14155550136', message: '' })).rejects.toMatchObject({
      name: 'AppError',
      message: expect.stringMatching(/\(message: /),
    });
  });

  it('finds messages by id and reference and contacts, and misses cleanly', async () => {
    const sent = await send({ to: '+14155550135', message: 'Find me', reference: 'find-me-1' });
    const find = (inputData: object) =>
      appTester(App.searches.find_message.operation.perform as never, { authData, inputData } as never) as Promise<
        { id: string }[]
      >;
    expect((await find({ id: sent.id }))[0]).toMatchObject({ id: sent.id, reference: 'find-me-1' });
    expect((await find({ reference: 'find-me-1' })).map((m) => m.id)).toEqual([sent.id]);
    expect(await find({ id: 'msg_nope' })).toEqual([]);
    expect(await find({ reference: 'nothing-like-it' })).toEqual([]);

    const contact = (phone: string) =>
      appTester(App.searches.find_contact.operation.perform as never, { authData, inputData: { phone } } as never);
    expect(await contact('+14155550135')).toEqual([
      expect.objectContaining({ phone: '+14155550135', optedOut: false }),
    ]);
    expect(await contact('+14155550199')).toEqual([]);
  });

  it('cancels a scheduled text', async () => {
    const later = new Date(Date.now() + 3600_000).toISOString();
    const sent = await send({ to: '+14155550136', message: 'Later', sendAt: later });
    expect(sent.status).toBe('scheduled');
    const c = (await appTester(
      App.creates.cancel_message.operation.perform as never,
      { authData, inputData: { id: sent.id } } as never,
    )) as { status: string };
    expect(c.status).toBe('cancelled');
  });
});
