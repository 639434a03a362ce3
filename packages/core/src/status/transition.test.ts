import type { OutboundEvent } from '../schemas/envelope';
import { Message } from '../schemas/message';
import { createMemoryStore } from '../store/memory';
import type { Store } from '../store/port';
import { FLUSH_RETRY_MS, flushEvents, transition, type TransitionPorts } from './transition';

const now = new Date('2026-12-06T12:00:00.000Z');
const iso = now.toISOString();
const message: Message = {
  id: 'msg_t1',
  to: '+14155550188',
  body: 'hello',
  segments: 1,
  encoding: 'GSM-7',
  priority: 0,
  status: 'sent',
  attempts: 1,
  createdAt: iso,
  updatedAt: iso,
  version: 0,
  from: { deviceId: 'dev_a', sim: 1 },
  reference: 'order-1',
};

/** Ports over a memory store that record what was published and which tracking jobs were asked for. */
function ports(store: Store, fail: { publish?: boolean; track?: boolean } = {}) {
  const published: OutboundEvent[] = [];
  const tracked: [string, number][] = [];
  const p: TransitionPorts = {
    store,
    publisher: {
      publish: async (e) => {
        if (fail.publish) throw new Error('publish down');
        published.push(e);
      },
    },
    ensureTracked: async (id, dueAt) => {
      tracked.push([id, dueAt]);
      if (fail.track) throw new Error('queue down');
    },
  };
  return { p, published, tracked };
}

const to = (status: Message['status']) => (c: Message) => ({ message: { ...c, status, updatedAt: iso }, events: [] });

describe('transition', () => {
  it('publishes the change under the id of the version written, then clears it', async () => {
    const store = createMemoryStore();
    await store.messages.create(message, []);
    const { p, published, tracked } = ports(store);
    const r = await transition(p, message.id, to('delivered'), now);
    expect(r).toMatchObject({ changed: true, previous: 'sent' });
    expect(published.map((e) => [e.id, e.data])).toEqual([
      [
        `evt_${message.id}_1`,
        expect.objectContaining({ status: 'delivered', previousStatus: 'sent', reference: 'order-1', sim: 1 }),
      ],
    ]);
    expect((await store.messages.get(message.id))?.pendingEvents).toBeUndefined();
    expect(tracked).toEqual([]); // the message was still tracked
  });

  it('writes the event in the same compare-and-set; a failed publish is left to the tracking job', async () => {
    const store = createMemoryStore();
    await store.messages.create(message, []);
    const failing = ports(store, { publish: true });
    const r = await transition(failing.p, message.id, to('delivered'), now);
    expect(r?.value.version).toBe(1); // one write: the change and its event together
    expect((await store.messages.get(message.id))?.pendingEvents?.map((e) => e.id)).toEqual([`evt_${message.id}_1`]);
    expect(failing.tracked).toEqual([[message.id, now.getTime() + FLUSH_RETRY_MS]]);
    // The tracking job publishes it later, under the same id, and clears only what it published.
    const ok = ports(store);
    const read = (await store.messages.get(message.id))!;
    await transition(failing.p, message.id, to('failed'), now); // a later change adds its own pending event
    await flushEvents(ok.p, read);
    expect(ok.published.map((e) => e.id)).toEqual([`evt_${message.id}_1`]);
    expect((await store.messages.get(message.id))?.pendingEvents?.map((e) => e.id)).toEqual([`evt_${message.id}_2`]);
  });

  it('makes sure of the tracking job for a change out of a status that ended it', async () => {
    const store = createMemoryStore();
    await store.messages.create({ ...message, status: 'unknown' }, []);
    const { p, published, tracked } = ports(store);
    await transition(p, message.id, to('delivered'), now);
    expect(tracked).toEqual([[message.id, now.getTime() + FLUSH_RETRY_MS]]);
    expect(published).toHaveLength(1);
    // Even when that fails, the change stands and its event stays pending.
    await store.messages.create({ ...message, id: 'msg_t2', status: 'unknown' }, []);
    const down = ports(store, { track: true });
    const r = await transition(down.p, 'msg_t2', to('delivered'), now);
    expect(r?.value.status).toBe('delivered');
    expect(down.published).toEqual([]);
    expect((await store.messages.get('msg_t2'))?.pendingEvents).toHaveLength(1);
  });

  it('takes its own pending event unparsed, parses any other, refuses an event id it cannot vouch for', async () => {
    const store = createMemoryStore();
    await store.messages.create(message, []);
    const parse = jest.spyOn(Message.shape.pendingEvents, 'safeParse');
    try {
      const failing = ports(store, { publish: true }); // the events stay pending
      await transition(failing.p, message.id, to('delivered'), now);
      await transition(failing.p, message.id, to('failed'), now); // the first as stored, the second just built
      expect(parse).not.toHaveBeenCalled();
      expect((await store.messages.get(message.id))?.pendingEvents?.map((e) => e.status)).toEqual([
        'delivered',
        'failed',
      ]);
      // An event the status model did not build is parsed, and refused by field.
      const bad = (c: Message) => ({
        message: { ...c, pendingEvents: [{ ...c.pendingEvents![0]!, id: '' }] },
        events: [],
      });
      await expect(store.messages.update(message.id, bad)).rejects.toMatchObject({ code: 'SMSFLEET_ERR_VALIDATION' });
      expect(parse).toHaveBeenCalled();
      parse.mockClear();
      // A built event whose id would pass the schema's 120 characters is not vouched for: parsed, and refused.
      const long = { ...message, id: `msg_${'x'.repeat(114)}` };
      await store.messages.create(long, []);
      await expect(transition(ports(store).p, long.id, to('delivered'), now)).rejects.toMatchObject({
        code: 'SMSFLEET_ERR_VALIDATION',
      });
      expect(parse).toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
  });

  it('adds no event to a change that keeps the status, and none when nothing changes', async () => {
    const store = createMemoryStore();
    await store.messages.create(message, []);
    const { p, published } = ports(store);
    const same = await transition(p, message.id, (c) => ({ message: { ...c, body: 'hi again' }, events: [] }), now);
    expect(same?.value.pendingEvents).toBeUndefined();
    expect(await transition(p, message.id, () => null, now)).toMatchObject({ changed: false, previous: 'sent' });
    expect(await transition(p, 'msg_none', to('delivered'), now)).toBeUndefined();
    expect(published).toEqual([]);
  });
});
