import type { Message } from '@smsfleet/core';
import { memoryStoreCase } from '../../testing';
import { rig, waitForStatus, type Rig } from '../../testing/pipeline-rig';

/** The PATCH route's answers: validation naming fields, unknown ids and devices, and an edit that goes out. */
describe('PATCH /v1/messages/:id', () => {
  let r: Rig;
  beforeAll(async () => {
    r = await rig(await memoryStoreCase.create());
  });
  afterAll(async () => {
    await r.close();
  });
  const later = () => new Date(Date.now() + 3_600_000).toISOString();
  const patch = async (id: string, body: unknown) => {
    const res = await fetch(`${r.base}/v1/messages/${id}`, {
      method: 'PATCH',
      headers: r.auth,
      body: JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Message & { error?: Record<string, unknown> } };
  };
  const scheduled = async (to: string): Promise<Message> => {
    const res = await fetch(`${r.base}/v1/messages`, {
      method: 'POST',
      headers: r.auth,
      body: JSON.stringify({ to, body: 'See you at 10', sendAt: later() }),
    });
    return (await res.json()) as Message;
  };

  it('refuses bad fields by name, unknown messages, devices and SIMs', async () => {
    const m = await scheduled('+14155557101');
    expect((await patch(m.id, {})).json.error).toMatchObject({ code: 'SMSFLEET_ERR_VALIDATION' });
    expect((await patch(m.id, { sendAt: 'tomorrow' })).json.error).toMatchObject({
      code: 'SMSFLEET_ERR_VALIDATION',
      field: 'body.sendAt',
    });
    expect((await patch(m.id, { bodyy: 'x' })).json.error).toMatchObject({ code: 'SMSFLEET_ERR_VALIDATION' });
    expect((await patch(m.id, { deviceId: 'nope' })).json.error).toMatchObject({
      code: 'SMSFLEET_ERR_UNKNOWN_DEVICE',
      field: 'body.deviceId',
    });
    expect((await patch(m.id, { deviceId: 'pixel-b', sim: 2 })).json.error).toMatchObject({
      code: 'SMSFLEET_ERR_UNKNOWN_DEVICE',
      field: 'body.sim',
    });
    expect((await patch(m.id, { deviceId: 'pixel-a', sim: 2 })).status).toBe(200);
    // The SIM kept from before must be on the new device too.
    expect((await patch(m.id, { deviceId: 'pixel-b' })).json.error).toMatchObject({
      code: 'SMSFLEET_ERR_UNKNOWN_DEVICE',
      field: 'body.deviceId',
    });
    const missing = await patch('msg_nope', { body: 'x' });
    expect(missing.status).toBe(404);
    expect((await patch(m.id, { body: 'x'.repeat(1600) })).json.error).toMatchObject({
      code: 'SMSFLEET_ERR_MESSAGE_TOO_LONG',
      field: 'body.body',
    });
  });

  it('changes text, segments and device of a scheduled message, then sends it now; 409 once delivered', async () => {
    const m = await scheduled('+14155557102');
    const edited = await patch(m.id, { body: 'Moved to 11 ✓', deviceId: 'pixel-a', sim: 2 });
    expect(edited.status).toBe(200);
    expect(edited.json).toMatchObject({ body: 'Moved to 11 ✓', encoding: 'UCS-2', status: 'scheduled' });
    expect(edited.json.requested).toEqual({ deviceId: 'pixel-a', sim: 2 });
    expect((await patch(m.id, { sendAt: new Date().toISOString() })).json.status).toBe('queued');
    const done = await waitForStatus(r, m.id, ['delivered']);
    expect(done.from).toMatchObject({ deviceId: 'pixel-a', sim: 2 });
    const after = await patch(m.id, { body: 'too late' });
    expect(after.status).toBe(409);
    expect(after.json.error).toMatchObject({ code: 'SMSFLEET_ERR_MESSAGE_HANDED_OVER', field: 'params.id' });
    const res = await fetch(`${r.base}/v1/messages/${m.id}`, { headers: r.auth });
    const { events } = (await res.json()) as { events: { kind?: string; note?: string }[] };
    expect(events.filter((e) => e.kind === 'message.updated').map((e) => e.note)).toEqual([
      'edited: body (1 segment), device pixel-a SIM 2',
      'edited: sendAt now',
    ]);
  });
});
