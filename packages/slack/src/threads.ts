import type { webApi } from '@slack/bolt';
import type { HubClient } from '@smsfleet/client';

type WebClient = webApi.WebClient;

/** Who a contact thread belongs to: the contact and the SIM the conversation uses. */
export interface ThreadOwner {
  phone: string;
  deviceId?: string;
  sim?: number;
}

/**
 * One Slack thread per contact in the inbound channel, persisted in the hub's store through bindings (so it
 * survives restarts and is shared by every instance of the app): `slack-thread.<channel>` maps the phone to the
 * thread's ts (first writer wins), `slack-contact.<channel>` maps the ts back to the contact and SIM.
 */
export class ContactThreads {
  constructor(private readonly deps: { hub: HubClient; client: WebClient; channel: string }) {}

  /** The inbound channel the threads live in. */
  get channel(): string {
    return this.deps.channel;
  }

  private get ns() {
    return { thread: `slack-thread.${this.deps.channel}`, contact: `slack-contact.${this.deps.channel}` };
  }

  /** The thread of `owner.phone`, creating it (race-safe across instances) when there is none. */
  async threadFor(owner: ThreadOwner): Promise<string> {
    const { hub, client, channel } = this.deps;
    const existing = await hub.binding(this.ns.thread, owner.phone);
    if (existing) return existing;
    const parent = await client.chat.postMessage({
      channel,
      text: `:iphone: Conversation with ${owner.phone}`,
      unfurl_links: false,
    });
    const ts = parent.ts!;
    const won = await hub.claim(this.ns.thread, owner.phone, ts);
    if (!won.created) {
      await client.chat.delete({ channel, ts }).catch(() => undefined); // another instance made the thread first
      return won.value;
    }
    await hub.claim(this.ns.contact, ts, JSON.stringify(owner));
    return ts;
  }

  /** The contact a thread belongs to, or undefined for a thread that is not a contact's. */
  async ownerOf(threadTs: string): Promise<ThreadOwner | undefined> {
    const v = await this.deps.hub.binding(this.ns.contact, threadTs);
    return v ? (JSON.parse(v) as ThreadOwner) : undefined;
  }

  /** The thread of a phone if it has one (no creation). */
  async existing(phone: string): Promise<string | undefined> {
    return this.deps.hub.binding(this.ns.thread, phone);
  }
}
