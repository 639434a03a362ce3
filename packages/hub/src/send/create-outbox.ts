import { type Contact, isSmsfleetError, type Message, rollupState, type ShortLink, type Store } from '@smsfleet/core';
import { QUEUES } from '../queues';

/**
 * The follow-ups of a create that live outside the message's own record (step 3 of the message path). The store
 * keeps them with the message, written in the same atomic step, until {@link CreateFinisher.finish} has done them
 * all; a crash or a store failure between the steps leaves this list for a retry or the sweeper to finish.
 */
export interface CreateOutbox {
  /** Short links of the text, to store. */
  links?: ShortLink[];
  /** The contact whose first text this may be (`firstMessageAt`); absent for compliance answers. */
  contact?: { phone: string; at: string };
  /** The send job: due (epoch ms) and priority. */
  send: { dueAt: number; priority: number };
  /** The tracking deadline (epoch ms): the tracker's first look at the message, whatever happens to it before. */
  trackAt: number;
}

/** A message still waiting to be sent, so it needs its send job. */
const pending = (m: Message) => m.status === 'queued' || m.status === 'scheduled';

/** Does the follow-ups of creates: right after the create, on a retry with the same key, or from the sweeper. */
export class CreateFinisher {
  constructor(private readonly store: Pick<Store, 'messages' | 'links' | 'contacts' | 'queue' | 'rollups'>) {}

  /**
   * Do every follow-up of `outbox` (a {@link CreateOutbox}, or its JSON as the store keeps it) that is not done yet,
   * then settle the outbox.
   * Each step is idempotent and repairs only what is missing: a link that exists is kept, and a send job that a
   * dispatcher holds keeps its lease (re-enqueueing it would hand it to another hub at once). `fresh`: right after
   * the create that wrote `m`, so nothing of it exists yet and its status is the one written. `contact`: the
   * recipient's contact as read for this send (null: none), tried first by the contact's update.
   */
  async finish(m: Message, outbox: string | CreateOutbox, fresh = false, contact?: Contact | null): Promise<void> {
    const o = typeof outbox === 'string' ? (JSON.parse(outbox) as CreateOutbox) : outbox;
    const { store } = this;
    // The steps are independent of each other (only the settling waits for all), so they run side by side. A fresh
    // create's send job goes in at once, with no read of the message (see jobs), in the one list of steps.
    const steps: unknown[] = [
      fresh ? (o.links?.length ? store.links.create(o.links) : undefined) : this.repairLinks(o.links ?? []),
      // firstMessageAt is set once and kept by every contact update: a contact read with it needs no write.
      o.contact &&
        !(fresh && contact?.firstMessageAt) &&
        store.contacts.upsert(
          o.contact.phone,
          (c) =>
            c?.firstMessageAt
              ? null
              : { ...(c ?? { phone: o.contact!.phone, optedOut: false }), firstMessageAt: o.contact!.at },
          contact,
        ),
    ];
    if (fresh) steps.push(pending(m) && this.enqueueSend(m, o), this.enqueueTrack(m, o));
    else steps.push(this.jobs(m, o));
    // The message counts in the metric roll-ups from its create (a repair may record an older state: a no-op).
    steps.push(store.rollups.record(rollupState(m)));
    await Promise.all(steps);
    // Everything is done: a failure to drop the outbox only means the sweeper finds nothing missing and drops it later.
    await store.messages.settleCreate(m.id).catch(() => undefined);
  }

  /** The send job and the tracking deadline of a repaired create: the message may have moved on since. */
  private async jobs(m: Message, o: CreateOutbox): Promise<void> {
    // A message the dispatcher already moved on (handed over, cancelled) needs no send job; a queued one does.
    const current = await this.store.messages.get(m.id);
    if (!current) return;
    await Promise.all([pending(current) && this.enqueueSend(m, o), this.enqueueTrack(m, o)]);
  }

  private enqueueSend(m: Message, o: CreateOutbox): Promise<boolean> {
    const job = { id: m.id, dueAt: o.send.dueAt, priority: o.send.priority, payload: { messageId: m.id } };
    return this.store.queue.enqueueIfAbsent(QUEUES.send, job);
  }

  private enqueueTrack(m: Message, o: CreateOutbox): Promise<boolean> {
    return this.store.queue.enqueueIfAbsent(QUEUES.track, { id: m.id, dueAt: o.trackAt, payload: { messageId: m.id } });
  }

  /** Store the links that are missing (a repair: some may be there already). */
  private async repairLinks(links: ShortLink[]): Promise<void> {
    for (const link of links) {
      if (await this.store.links.get(link.code)) continue;
      try {
        await this.store.links.create([link]);
      } catch (e) {
        // Another repairer stored it between the read and the write.
        if (!isSmsfleetError(e) || e.code !== 'SMSFLEET_ERR_VALIDATION' || !(await this.store.links.get(link.code)))
          throw e;
      }
    }
  }

  /** Finish a create found half-done by the sweeper; false when there was nothing (left) to do. */
  async repair(id: string): Promise<boolean> {
    const r = await this.store.messages.repairCreate(id);
    if (!r) return false;
    await this.finish(r.message, r.outbox);
    return true;
  }
}
