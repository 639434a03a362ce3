import { createMemoryStore, type FleetRouter, type Headroom, type Store } from '@smsfleet/core';
import type { FastifyBaseLogger } from 'fastify';
import type { FleetRegistry } from '../fleet';
import { QUEUES } from '../queues';
import { ManualClock } from '../testing/manual-clock';
import type { EventPublisher } from '../webhooks/publisher';
import { Dispatcher } from './dispatcher';

const T0 = Date.parse('2026-03-02T09:00:00.000Z');

describe('dispatcher claims sized by the router’s budget view', () => {
  let store: Store;
  let room: Headroom | undefined;
  let claimed: number[];
  let routed: number;
  let dispatcher: Dispatcher;
  const clock = new ManualClock(T0);

  beforeEach(async () => {
    store = createMemoryStore({ clock });
    room = undefined;
    claimed = [];
    routed = 0;
    const claim = store.queue.claim.bind(store.queue);
    store.queue.claim = ((queue, now, limit, leaseMs) => {
      if (queue === QUEUES.send) claimed.push(limit);
      return claim(queue, now, limit, leaseMs);
    }) as Store['queue']['claim'];
    // Every message waits: what is measured is how many the dispatcher claims and routes to find that out.
    const router = {
      headroom: () => room,
      route: async () => {
        routed++;
        return { kind: 'wait', retryAt: new Date(clock.now() + 60_000), reason: 'budget', detail: 'full' };
      },
    } as unknown as FleetRouter;
    dispatcher = new Dispatcher({
      store,
      router,
      fleet: {} as FleetRegistry,
      publisher: {} as EventPublisher,
      clock,
      logger: { error() {}, warn() {}, debug() {}, info() {} } as unknown as FastifyBaseLogger,
    });
    for (let i = 0; i < 30; i++) {
      const id = `msg_${i}`;
      const at = new Date(T0).toISOString();
      await store.messages.create(
        {
          id,
          to: `+1415555${String(1000 + i)}`,
          body: 'x',
          segments: 1,
          encoding: 'GSM-7',
          priority: 0,
          status: 'queued',
          attempts: 0,
          createdAt: at,
          updatedAt: at,
          version: 0,
        },
        [{ id: `evt_${i}`, messageId: id, status: 'queued', at, source: 'api' }],
      );
      await store.queue.enqueue(QUEUES.send, { id, dueAt: T0, priority: 0, payload: { messageId: id } });
    }
  });
  afterEach(() => store.close());

  it('claims no send job while the view says every SIM is full, until the earliest one frees up', async () => {
    room = { free: 0, retryAt: T0 + 400 };
    expect(await dispatcher.runOnce(new Date(T0))).toBe(0);
    expect([claimed, routed]).toEqual([[], 0]);
    clock.advance(399);
    await dispatcher.runOnce(new Date(clock.now()));
    expect(claimed).toEqual([]);
    clock.advance(1);
    room = { free: 2 };
    await dispatcher.runOnce(new Date(clock.now()));
    expect(claimed).toEqual([2]);
    expect(routed).toBe(1); // the first waits, and the second goes back unrouted
  });

  it('claims a whole batch when the view does not know the fleet', async () => {
    await dispatcher.runOnce(new Date(T0));
    expect(claimed).toEqual([20]);
  });
});
