import { serializerCompiler as zodSerializerCompiler } from '@fastify/type-provider-zod';
import { Message, SendRequest, TemplatedSendRequest } from '@smsfleet/core';
import { MessageOut } from './schemas';
import { memoryStoreCase, rig, type Rig } from '../../testing';

// The send routes check the body with its zod schema once; the send pipeline must not parse it again, but must still
// parse what the route did not check: a filled-in template's text, and sends from inside the hub.
describe('send routes: the body is validated once', () => {
  let hub: Rig;
  let sendParses: jest.SpyInstance;
  let templatedParses: jest.SpyInstance;
  beforeAll(async () => {
    hub = await rig(await memoryStoreCase.create());
  });
  afterAll(() => hub.close());
  beforeEach(() => {
    sendParses = jest.spyOn(SendRequest, 'safeParse');
    templatedParses = jest.spyOn(TemplatedSendRequest, 'safeParse');
  });
  afterEach(() => jest.restoreAllMocks());

  const post = (url: string, payload: unknown) =>
    hub.app.inject({ method: 'POST', url, headers: hub.auth, payload: payload as object });

  it('creates a message from a checked body without parsing it again, nor the message built from it', async () => {
    const messageParses = jest.spyOn(Message, 'safeParse');
    const one = await post('/v1/messages', { to: '+14155550111', body: 'Hi', reference: 'r-1', priority: 5 });
    expect(one.statusCode).toBe(202);
    expect(one.json()).toMatchObject({ to: '+14155550111', body: 'Hi', reference: 'r-1', priority: 5 });
    const bulk = await post('/v1/messages/bulk', { messages: [{ to: '+14155550112', body: 'Yo' }] });
    expect(bulk.statusCode).toBe(202);
    expect(bulk.json().messages[0]).toMatchObject({ to: '+14155550112', priority: 0 });
    expect(sendParses).not.toHaveBeenCalled();
    expect(templatedParses).not.toHaveBeenCalled();
    expect(messageParses).not.toHaveBeenCalled(); // the send service vouched for it (vouchForCreate)
  });

  it('still refuses a bad body once, with a coded error naming the field', async () => {
    const r = await post('/v1/messages', { to: '+14155550113', body: 'Hi', priority: 500, extra: 1 });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.code).toBe('SMSFLEET_ERR_VALIDATION');
    expect(r.json().error.issues.map((i: { field: string }) => i.field)).toEqual(
      expect.arrayContaining(['body.priority']),
    );
  });

  it('parses the text a template filled in', async () => {
    const r = await post('/v1/messages', {
      to: '+14155550114',
      template: '{{x}}'.repeat(20),
      vars: { x: 'a'.repeat(81) },
    });
    expect(r.json().error).toMatchObject({ code: 'SMSFLEET_ERR_VALIDATION', issues: [{ field: 'body.body' }] });
    expect(sendParses).toHaveBeenCalledTimes(1);
    expect(templatedParses).not.toHaveBeenCalled();
  });

  it('parses what a send from inside the hub passes, refusing it by field', async () => {
    const { sender } = hub.app.pipeline;
    await expect(sender.send([{ to: '+14155550115', body: '' }], { now: new Date() })).rejects.toMatchObject({
      code: 'SMSFLEET_ERR_VALIDATION',
      issues: [{ field: 'body' }],
    });
    const [ok] = await sender.send([{ to: '+14155550116', body: 'Hi' }], { now: new Date() });
    expect(ok!.message.priority).toBe(0); // the schema's default, from this parse
    expect(sendParses).toHaveBeenCalledTimes(2);
  });

  it('answers a created message unchecked, in the JSON the check writes; a repeat is checked', async () => {
    const outParses = jest.spyOn(MessageOut, 'safeParse');
    const check = zodSerializerCompiler({ schema: MessageOut, method: 'POST', url: '/m', httpStatus: '202' } as never);
    const sends = [
      { to: '+14155550117', body: 'Hi' },
      {
        to: '+14155550118',
        body: 'See https://example.com/a',
        trackLinks: true,
        deviceId: 'pixel-a',
        sim: 2,
        reference: 'r-2',
        metadata: { b: '1', a: 'x' },
        campaign: 'c',
        tags: ['t'],
        priority: 7,
        urgent: true,
        sendAt: new Date(Date.now() + 3600_000).toISOString(),
        ttlSeconds: 7200,
        optOutFooter: true,
      },
    ];
    for (const payload of sends) {
      const r = await post('/v1/messages', payload);
      expect(r.statusCode).toBe(202);
      expect(r.body).toBe(check(r.json())); // the same keys, in the same order
    }
    expect(outParses).not.toHaveBeenCalled();
    const headers = { ...hub.auth, 'idempotency-key': 'once-only' };
    const payload = { to: '+14155550119', body: 'Hi' };
    const first = await hub.app.inject({ method: 'POST', url: '/v1/messages', headers, payload });
    const again = await hub.app.inject({ method: 'POST', url: '/v1/messages', headers, payload });
    expect([first.statusCode, again.statusCode]).toEqual([202, 200]);
    expect(again.body).toBe(first.body);
    expect(outParses).toHaveBeenCalledTimes(1); // the repeat, read back from the store
  });
});
