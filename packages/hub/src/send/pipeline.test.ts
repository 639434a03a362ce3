import type { Message } from '@smsfleet/core';
import { storeCases } from '../testing';
import { INVALID, rig, waitForStatus, type Rig } from '../testing/pipeline-rig';

describe.each(storeCases().map((s) => [s.name, s] as const))('send pipeline end to end over HTTP (%s store)', (_name, sc) => {
  let r: Rig;
  beforeAll(async () => { r = await rig(await sc.create()); });
  afterAll(async () => { await r.close(); });

  it('tracks a text to delivered and sends signed status webhooks echoing the reference', async () => {
    const res = await fetch(`${r.base}/v1/messages`, { method: 'POST', headers: r.auth, body: JSON.stringify({ to: '+14155550123', body: 'Your order ships today', reference: 'order-1' }) });
    expect(res.status).toBe(202);
    const sent = await res.json() as Message;
    expect(sent.status).toBe('queued');
    const done = await waitForStatus(r, sent.id, ['delivered']);
    expect(done.from?.deviceId).toBeDefined();
    const truth = r.fleet.truth.messages().filter((m) => m.recipient === '+14155550123');
    expect(truth).toHaveLength(1);
    expect(truth[0]!.finalState).toBe('delivered');
    await r.receiver.waitFor(1);
    const deadline = Date.now() + 5_000;
    while (!r.receiver.received.some((w) => (w.verified as { data?: { status?: string } } | undefined)?.data?.status === 'delivered') && Date.now() < deadline) await new Promise((s) => setTimeout(s, 25));
    const delivered = r.receiver.received.map((w) => w.verified as { type: string; data: { messageId: string; status: string; reference?: string } } | undefined)
      .find((e) => e?.data.messageId === sent.id && e.data.status === 'delivered');
    expect(delivered).toMatchObject({ type: 'message.status_changed', data: { reference: 'order-1' } });
    expect(r.receiver.received.every((w) => w.verifyError === undefined)).toBe(true);
  });

  it('fails an invalid number with its catalogued, permanent reason', async () => {
    const sent = await (await fetch(`${r.base}/v1/messages`, { method: 'POST', headers: r.auth, body: JSON.stringify({ to: INVALID, body: 'hello' }) })).json() as Message;
    const m = await waitForStatus(r, sent.id, ['failed', 'undelivered', 'rejected']);
    expect(m.failure).toMatchObject({ category: 'invalid_number', permanent: true });
  });

  it('sends through an explicitly requested device and SIM', async () => {
    const sent = await (await fetch(`${r.base}/v1/messages`, { method: 'POST', headers: r.auth, body: JSON.stringify({ to: '+14155550124', body: 'hi', deviceId: 'pixel-a', sim: 2 }) })).json() as Message;
    const m = await waitForStatus(r, sent.id, ['delivered']);
    expect(m.from).toMatchObject({ deviceId: 'pixel-a', sim: 2 });
  });

  it('does not text twice for a repeated Idempotency-Key, and refuses the key with another body', async () => {
    const h = { ...r.auth, 'idempotency-key': 'order-2-sms' };
    const a = await fetch(`${r.base}/v1/messages`, { method: 'POST', headers: h, body: JSON.stringify({ to: '+14155550125', body: 'once' }) });
    const b = await fetch(`${r.base}/v1/messages`, { method: 'POST', headers: h, body: JSON.stringify({ to: '+14155550125', body: 'once' }) });
    expect([a.status, b.status]).toEqual([202, 200]);
    const id = ((await a.json()) as Message).id;
    expect(((await b.json()) as Message).id).toBe(id);
    await waitForStatus(r, id, ['delivered']);
    expect(r.fleet.truth.messages().filter((m) => m.recipient === '+14155550125')).toHaveLength(1);
    const c = await fetch(`${r.base}/v1/messages`, { method: 'POST', headers: h, body: JSON.stringify({ to: '+14155550125', body: 'different' }) });
    expect(c.status).toBe(409);
    expect(((await c.json()) as { error: { code: string } }).error.code).toBe('SMSFLEET_ERR_IDEMPOTENCY_CONFLICT');
  });

  it('rejects a bulk send with one bad number naming it, and writes nothing', async () => {
    const before = (await r.store.messages.list({}, { limit: 500 })).items.length;
    const res = await fetch(`${r.base}/v1/messages/bulk`, { method: 'POST', headers: r.auth, body: JSON.stringify({ messages: [
      { to: '+14155550130', body: 'a' }, { to: '12', body: 'b' }, { to: '+14155550131', body: 'c' }] }) });
    expect(res.status).toBe(400);
    const err = (await res.json()) as { error: { code: string; field: string } };
    expect(err.error).toMatchObject({ code: 'SMSFLEET_ERR_INVALID_PHONE', field: 'messages.1.to' });
    expect((await r.store.messages.list({}, { limit: 500 })).items.length).toBe(before);
  });

  it('refuses an unknown device and bad JSON with clear codes', async () => {
    const a = await fetch(`${r.base}/v1/messages`, { method: 'POST', headers: r.auth, body: JSON.stringify({ to: '+14155550126', body: 'x', deviceId: 'nope' }) });
    expect(a.status).toBe(400);
    expect(((await a.json()) as { error: { code: string; field: string } }).error).toMatchObject({ code: 'SMSFLEET_ERR_UNKNOWN_DEVICE', field: 'deviceId' });
    const b = await fetch(`${r.base}/v1/messages`, { method: 'POST', headers: r.auth, body: '{"to":' });
    expect(((await b.json()) as { error: { code: string } }).error.code).toBe('SMSFLEET_ERR_INVALID_JSON');
  });

  it('refuses a forged gateway webhook with 401 and changes nothing', async () => {
    const res = await fetch(`${r.base}/ingress/textbee-cloud`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-signature': 'deadbeef' },
      body: JSON.stringify({ smsId: 'x', webhookEvent: 'MESSAGE_DELIVERED', status: 'delivered' }) });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('SMSFLEET_ERR_SIGNATURE_INVALID');
  });

  it('lists devices with health and SIM budget use, and the inbox', async () => {
    const d = await (await fetch(`${r.base}/v1/devices`, { headers: r.auth })).json() as { items: Array<{ id: string; health: string; sims: Array<{ usedLastMinute: number }> }> };
    expect(d.items.map((x) => x.id).sort()).toEqual(['mg', 'moto', 'pixel-a', 'pixel-b', 'tb']);
    expect(d.items.flatMap((x) => x.sims).reduce((a, s) => a + s.usedLastMinute, 0)).toBeGreaterThan(0);
    r.fleet.phone('pixel-a').receiveSms('+14155550123', 'Thanks!', 1);
    const end = Date.now() + 5_000;
    let items: Array<{ from: string; body: string }> = [];
    while (Date.now() < end) {
      items = ((await (await fetch(`${r.base}/v1/inbox`, { headers: r.auth })).json()) as { items: typeof items }).items;
      if (items.length) break;
      await new Promise((s) => setTimeout(s, 25));
    }
    expect(items[0]).toMatchObject({ from: '+14155550123', body: 'Thanks!' });
  });
});

describe.each(storeCases().map((s) => [s.name, s] as const))('send pipeline under faults (%s store)', (_name, sc) => {
  it('ends every message in the status the phones\' ground truth says, with duplicate, reordered and lost reports', async () => {
    const r = await rig(await sc.create(), { duplicateRate: 0.3, reorderRate: 0.3, lostRate: 0.3, invalidPrefixes: ['+1415555999'] });
    expect(r.fleet.truth.messages()).toHaveLength(0);
    try {
      const tos = Array.from({ length: 20 }, (_, i) => (i % 5 === 0 ? `+1415555999${i / 5}` : `+1415555${String(2000 + i)}`));
      const res = await fetch(`${r.base}/v1/messages/bulk`, { method: 'POST', headers: r.auth, body: JSON.stringify({ messages: tos.map((to) => ({ to, body: `hello ${to}` })) }) });
      expect(res.status).toBe(202);
      const ids = ((await res.json()) as { messages: Message[] }).messages.map((m) => m.id);
      const final = await Promise.all(ids.map((id) => waitForStatus(r, id, ['delivered', 'failed', 'undelivered'], 15_000)));
      for (const m of final) {
        const truth = r.fleet.truth.messages().filter((t) => t.recipient === m.to);
        expect(truth).toHaveLength(1);
        expect(m.status).toBe(truth[0]!.finalState);
      }
      expect(r.fleet.truth.limitRefusals()).toBe(0);
    } finally { await r.close(); }
  });
});

describe('send pipeline with a phone going offline (memory store)', () => {
  it('routes around a local-server phone that stops answering, and texts nobody twice', async () => {
    const r = await rig(await storeCases()[0]!.create());
    try {
      r.fleet.phone('pixel-b').setOnline(false);
      const tos = Array.from({ length: 12 }, (_, i) => `+1415555${String(3000 + i)}`);
      const res = await fetch(`${r.base}/v1/messages/bulk`, { method: 'POST', headers: r.auth,
        body: JSON.stringify({ messages: tos.map((to, i) => ({ to, body: `offline test ${i}` })) }) });
      const ids = ((await res.json()) as { messages: Message[] }).messages.map((m) => m.id);
      const final = await Promise.all(ids.map((id) => waitForStatus(r, id, ['delivered'], 20_000)));
      expect(final.every((m) => m.from?.deviceId !== 'pixel-b')).toBe(true);
      for (const to of tos) expect(r.fleet.truth.messages().filter((t) => t.recipient === to)).toHaveLength(1);
      // Spreading by remaining budget tries the silent phone (it has the most budget left); each failed
      // hand-over counts against it, and the message goes out through another phone.
      const dev = (await r.store.devices.get('pixel-b'))!;
      expect(dev.consecutiveFailures > 0 || dev.health === 'offline').toBe(true);
      const timelines = await Promise.all(ids.map((id) => r.store.messages.events(id)));
      expect(timelines.flat().some((e) => e.note?.includes('pixel-b'))).toBe(false);
    } finally { await r.close(); }
  });
});
