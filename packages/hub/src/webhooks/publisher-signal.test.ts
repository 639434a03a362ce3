import { createMemoryStore, systemClock, type OutboundEvent } from '@smsfleet/core';
import { EVENTS_CHANNEL, EventPublisher } from './publisher';

const at = '2026-12-07T10:00:00.000Z';
const event = (n: number): OutboundEvent => ({
  id: `evt_signal${n}`,
  type: 'message.status_changed',
  timestamp: at,
  data: { messageId: 'msg_signal', to: '+14155550123', status: 'sent', previousStatus: 'queued', segments: 1, at },
});

/**
 * The live-view signal of a published event is built only when a view can hear it: on the memory store (one process)
 * the publisher asks the store, and with no live view open it skips the copy of the event that nobody would read.
 */
describe('EventPublisher: the live-view signal', () => {
  it('is not sent while nothing listens on the memory store, and reaches a view once one does', async () => {
    const store = createMemoryStore();
    const sent: string[] = [];
    const publish = store.signals.publish.bind(store.signals);
    store.signals.publish = async (channel, message) => {
      if (channel === EVENTS_CHANNEL) sent.push(message);
      return publish(channel, message);
    };
    const publisher = new EventPublisher({ store, clock: systemClock });
    await publisher.publish(event(1));
    expect(sent).toEqual([]);
    const seen: string[] = [];
    const off = await publisher.onPublished((e) => seen.push(e.id));
    await publisher.publish(event(2));
    expect(sent).toHaveLength(1);
    expect(seen).toEqual(['evt_signal2']);
    off();
    await new Promise((s) => setImmediate(s)); // the unsubscribe settles
    await publisher.publish(event(3));
    expect(sent).toHaveLength(1);
    await store.close();
  });
});
