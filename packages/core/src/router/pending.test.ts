import { createMemoryStore } from '../store';
import type { MessageStatus } from '../schemas';
import { newId } from '../ids';
import { createFleetRouter } from './fleet-router';
import { testMessage } from '../testing/fleet';

describe('pendingOn', () => {
  it('lists exactly the messages a device was handed but has not sent yet', async () => {
    const store = createMemoryStore();
    try {
      const router = createFleetRouter({ store });
      const put = async (deviceId: string, status: MessageStatus) => {
        const m = testMessage('+14155550101', 1, { from: { deviceId, sim: 1 } });
        await store.messages.create(m, [
          { id: newId('evt'), messageId: m.id, status: 'queued', at: m.createdAt, source: 'api' },
        ]);
        if (status !== 'queued') {
          await store.messages.update(m.id, (cur) => ({ message: { ...cur, status }, events: [] }));
        }
        return m.id;
      };
      const want = [await put('dev_a', 'accepted'), await put('dev_a', 'pending'), await put('dev_a', 'accepted')];
      await put('dev_a', 'sent');
      await put('dev_a', 'queued');
      await put('dev_a', 'delivered');
      await put('dev_b', 'pending');
      const got = await router.pendingOn('dev_a');
      expect(got.map((m) => m.id).sort()).toEqual([...want].sort());
      expect(got.every((m) => m.from?.deviceId === 'dev_a')).toBe(true);
      expect(await router.pendingOn('dev_c')).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
