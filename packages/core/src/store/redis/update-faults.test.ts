import { Redis } from 'ioredis';
import { event, message } from '../contract/fixtures';
import type { Message } from '../../schemas';
import type { MessageChange } from '../messages/port';
import { withFaultyStore } from './faulty-connection';
import { requireRedisUrl } from './test-support';

const url = requireRedisUrl();
const admin = new Redis(url);
afterAll(() => admin.quit());

/** The change a status report makes, as the hub's transitions do: none when the message already shows it. */
const toSent =
  (sent: ReturnType<typeof event>) =>
  (c: Message): MessageChange | null =>
    c.status === 'sent' ? null : { message: { ...c, status: 'sent' }, events: [sent] };

/**
 * Each call of a message update (a change with its event and report) sent twice in turn, as ioredis resends a command
 * whose reply a dropped connection lost. The update still answers as the one change it made: read as a conflict, the
 * resent compare-and-set made the caller apply its change again on top of itself and answer "unchanged" (a report's
 * event left unpublished, a hand-over's SIM budget left unsettled).
 */
describe('Redis message update: any call sent twice answers the change it made, once', () => {
  let covered = 0;
  afterAll(() => expect(covered).toBeGreaterThanOrEqual(2));

  it.each([1, 2, 3, 4].flatMap((n) => [true, false].map((read) => ({ n, read }))))(
    'call $n is sent twice (read first: $read)',
    async ({ n, read }) => {
      await withFaultyStore(url, admin, async (store, faulty) => {
        const m = message(0);
        await store.messages.create(m, [event(m, 'queued')]);
        // Another writer moved it on: this store's kept copy is stale, so the update reads before it writes.
        if (read) await store.messages.update(m.id, (c) => ({ message: { ...c, priority: 1 }, events: [] }));
        const sent = event(m, 'sent', 1, { source: 'gateway' });
        faulty.arm(n, 'twice');
        const u = await store.messages.update(m.id, toSent(sent), read ? { ...m, version: 0 } : undefined, {
          report: 'gw-event-1',
        });
        faulty.disarm();
        if (faulty.fired) covered++;
        expect(u).toMatchObject({ changed: true, seen: false, events: [sent], value: { status: 'sent' } });
        const stored = await store.messages.get(m.id);
        expect(stored).toEqual(u!.value);
        expect((await store.messages.events(m.id)).map((e) => e.status)).toEqual(['queued', 'sent']);
        // The report is recorded: sent again, it is a repeat.
        const again = await store.messages.update(m.id, toSent(sent), undefined, { report: 'gw-event-1' });
        expect(again).toMatchObject({ changed: false, seen: true });
      });
    },
  );
});
