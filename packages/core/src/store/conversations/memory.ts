import type { Conversation } from '../../schemas';
import type { ConversationRepo } from '../conversations/port';
import { check } from '../shared/records';
import { parse } from '../memory/rmw';

/** In-memory {@link ConversationRepo}: per contact, one record per SIM and the latest one written. */
export class MemoryConversations implements ConversationRepo {
  private readonly map = new Map<string, { sims: Map<string, string>; latest: string }>();
  async get(contact: string, deviceId: string, sim: number): Promise<Conversation | undefined> {
    const s = this.map.get(contact)?.sims.get(`${deviceId}\u0000${sim}`);
    return s === undefined ? undefined : parse<Conversation>(s);
  }
  async latest(contact: string): Promise<Conversation | undefined> {
    const s = this.map.get(contact)?.latest;
    return s === undefined ? undefined : parse<Conversation>(s);
  }
  async put(conversation: Conversation): Promise<void> {
    const c = check.conversation(conversation);
    const json = JSON.stringify(c);
    const entry = this.map.get(c.contact) ?? { sims: new Map<string, string>(), latest: json };
    entry.sims.set(`${c.deviceId}\u0000${c.sim}`, json);
    entry.latest = json;
    this.map.set(c.contact, entry);
  }
}
