import type { Message, Store } from '@smsfleet/core';
import { QUEUES } from '../queues';
import { storeCases } from '../testing';
import { rig, waitForStatus, type Rig } from '../testing/pipeline-rig';

type When = 'before-intent' | 'after-intent';

/**
 * A store that runs `hook` once, at a chosen point of the dispatcher's hand-over of the message to `to`: right before
 * the compare-and-set that writes the hand-over intent (the dispatcher has claimed the job, read and routed the
 * message), or right after it committed (before the gateway is called). The interleaving is forced, not hoped for.
 */
function interleaving(inner: Store) {
  let armed: { to: string; when: When; hook: () => Promise<void> } | undefined;
  let fired = 0;
  const writesIntent = (cur: Message | undefined, fn: Parameters<Store['messages']['update']>[1]) => {
    if (!cur || cur.to !== armed?.to || cur.handover) return false;
    const next = fn(structuredClone(cur));
    return next?.message.handover !== undefined && !next.message.handover.outcome;
  };
  const messages = new Proxy(inner.messages, {
    get(t, p) {
      if (p === 'update') {
        return async (id: string, fn: Parameters<Store['messages']['update']>[1]) => {
          const a = armed;
          if (!a || !writesIntent(await t.get(id), fn)) return t.update(id, fn);
          armed = undefined;
          fired++;
          if (a.when === 'before-intent') await a.hook();
          const r = await t.update(id, fn);
          if (a.when === 'after-intent') await a.hook();
          return r;
        };
      }
      const v = Reflect.get(t, p) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
    },
  });
  // The dispatcher putting a send job back for a time: `onReschedule` runs once, first, for that job and time.
  let onReschedule: { id: string; dueAt: number; hook: () => Promise<void> } | undefined;
  const queue = new Proxy(inner.queue, {
    get(t, p) {
      if (p === 'reschedule') {
        return async (q: string, id: string, dueAt: number, payload?: unknown) => {
          const a = onReschedule;
          if (a && q === QUEUES.send && id === a.id && dueAt === a.dueAt) {
            onReschedule = undefined;
            fired++;
            await a.hook();
          }
          return t.reschedule(q, id, dueAt, payload);
        };
      }
      const v = Reflect.get(t, p) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
    },
  });
  const store = new Proxy(inner, {
    get(t, p) {
      if (p === 'queue') return queue;
      if (p === 'messages') return messages;
      const v = Reflect.get(t, p) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
    },
  });
  return {
    store,
    arm: (to: string, when: When, hook: () => Promise<void>) => {
      armed = { to, when, hook };
    },
    armReschedule: (id: string, dueAt: number, hook: () => Promise<void>) => {
      onReschedule = { id, dueAt, hook };
    },
    fired: () => fired,
  };
}

async function send(r: Rig, body: Record<string, unknown>): Promise<Message> {
  const res = await fetch(`${r.base}/v1/messages`, { method: 'POST', headers: r.auth, body: JSON.stringify(body) });
  expect(res.status).toBe(202);
  return (await res.json()) as Message;
}

async function patch(r: Rig, id: string, body: Record<string, unknown>) {
  const res = await fetch(`${r.base}/v1/messages/${id}`, {
    method: 'PATCH',
    headers: r.auth,
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Message & { error?: { code: string; field?: string } } };
}

async function idOf(r: Rig, to: string): Promise<string> {
  return (await r.store.messages.list({ to })).items[0]!.id;
}

describe.each(storeCases().map((s) => [s.name, s] as const))('PATCH races the dispatcher (%s store)', (_name, sc) => {
  let r: Rig;
  let x: ReturnType<typeof interleaving>;
  beforeAll(async () => {
    x = interleaving(await sc.create());
    r = await rig(x.store);
  });
  afterAll(async () => {
    await r.close();
  });

  const texts = (to: string) => r.fleet.truth.messages().filter((t) => t.recipient === to);

  it('an edit between the claim and the hand-over wins: only the new text goes out', async () => {
    const to = '+14155557001';
    let answer: Awaited<ReturnType<typeof patch>> | undefined;
    x.arm(to, 'before-intent', async () => {
      answer = await patch(r, await idOf(r, to), { body: 'New text, sent once' });
    });
    const sent = await send(r, { to, body: 'Old text, never sent', deviceId: 'pixel-a' });
    const m = await waitForStatus(r, sent.id, ['delivered']);
    expect(x.fired()).toBe(1);
    expect(answer?.status).toBe(200);
    expect(m.body).toBe('New text, sent once');
    expect(texts(to).map((t) => t.text)).toEqual(['New text, sent once']);
    const timeline = (await r.store.messages.events(sent.id)).filter((e) => e.kind === 'message.updated');
    expect(timeline).toHaveLength(1);
    expect(m.handover?.attempt).toBe(1); // the refused intent sent nothing and used no attempt
  });

  it('an edit after the hand-over intent is refused with 409: only the old text goes out', async () => {
    const to = '+14155557002';
    let answer: Awaited<ReturnType<typeof patch>> | undefined;
    x.arm(to, 'after-intent', async () => {
      answer = await patch(r, await idOf(r, to), { body: 'New text, never sent' });
    });
    const sent = await send(r, { to, body: 'Old text, sent once', deviceId: 'pixel-a' });
    const m = await waitForStatus(r, sent.id, ['delivered']);
    expect(x.fired()).toBe(2);
    expect(answer?.status).toBe(409);
    expect(answer?.body.error).toMatchObject({ code: 'SMSFLEET_ERR_MESSAGE_HANDED_OVER', field: 'params.id' });
    expect(m.body).toBe('Old text, sent once');
    expect(texts(to).map((t) => t.text)).toEqual(['Old text, sent once']);
    expect((await r.store.messages.events(sent.id)).some((e) => e.kind === 'message.updated')).toBe(false);
  });

  it('an edit to a later sendAt between claim and hand-over holds the text until then', async () => {
    const to = '+14155557003';
    const later = new Date(Date.now() + 3_600_000).toISOString();
    let answer: Awaited<ReturnType<typeof patch>> | undefined;
    x.arm(to, 'before-intent', async () => {
      answer = await patch(r, await idOf(r, to), { sendAt: later });
    });
    const sent = await send(r, { to, body: 'Not yet', deviceId: 'pixel-a' });
    // The dispatcher looks again, finds the new schedule, and puts the job back for then.
    const end = Date.now() + 30_000;
    while (
      (answer === undefined || (await r.store.queue.nextDueAt(QUEUES.send)) !== Date.parse(later)) &&
      Date.now() < end
    )
      await new Promise((s) => setTimeout(s, 25));
    expect(answer?.status).toBe(200);
    const m = (await r.store.messages.get(sent.id))!;
    expect(m).toMatchObject({ status: 'scheduled', sendAt: later });
    expect(m.handover).toBeUndefined();
    expect(texts(to)).toHaveLength(0);
    // Moved back to now, it goes out at once, once.
    expect((await patch(r, sent.id, { sendAt: new Date().toISOString() })).status).toBe(200);
    await waitForStatus(r, sent.id, ['delivered']);
    expect(texts(to).map((t) => t.text)).toEqual(['Not yet']);
  });

  it('an edit to send now, made while the dispatcher puts the job back for the old time, is not lost', async () => {
    const to = '+14155557004';
    const later = new Date(Date.now() + 3_600_000).toISOString();
    const sent = await send(r, { to, body: 'Doors open at 9', deviceId: 'pixel-a', sendAt: later });
    // The edit lands after the dispatcher read the old schedule and before it puts the job back for it.
    const before = x.fired();
    let answer: Awaited<ReturnType<typeof patch>> | undefined;
    x.armReschedule(sent.id, Date.parse(later), async () => {
      answer = await patch(r, sent.id, { sendAt: new Date().toISOString() });
    });
    // Make the dispatcher look at the job now, as it does when an earlier edit moved it (reschedule is the hub's own).
    await r.store.queue.reschedule(QUEUES.send, sent.id, Date.now());
    r.app.pipeline.dispatcher.wake();
    await waitForStatus(r, sent.id, ['delivered']);
    expect(x.fired()).toBe(before + 1);
    expect(answer?.status).toBe(200);
    expect(texts(to).map((t) => t.text)).toEqual(['Doors open at 9']);
  });
});
