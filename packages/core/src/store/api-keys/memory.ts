import type { Contact, Conversation, Device, Subscription } from '../../schemas';
import type { ApiKeyRecord, ApiKeyRepo } from '../api-keys/port';
import type { ContactRepo } from '../contacts/port';
import type { ConversationRepo } from '../conversations/port';
import type { DeviceRepo } from '../devices/port';
import type { SubscriptionRepo } from '../subscriptions/port';
import type { Page, PageArgs, UpdateResult } from '../port';
import { invalid, pageLimit, requireDate, requireKey } from '../shared/args';
import { decodeCursor } from '../shared/cursor';
import { check, keepId } from '../shared/records';
import { scanPage } from '../shared/scan';
import { byId, parse, rmw } from '../memory/rmw';
import { SortedIndex } from '../memory/sorted-index';

/** In-memory {@link ApiKeyRepo}: records by id and an index by hash. */
export class MemoryApiKeys implements ApiKeyRepo {
  private readonly map = new Map<string, string>();
  private readonly hashes = new Map<string, string>();
  async put(key: ApiKeyRecord): Promise<void> {
    const k = check.apiKey(key);
    const old = this.map.get(k.id);
    if (old !== undefined) this.hashes.delete(parse<ApiKeyRecord>(old).hash);
    this.map.set(k.id, JSON.stringify(k));
    this.hashes.set(k.hash, k.id);
  }
  async byHash(hash: string): Promise<ApiKeyRecord | undefined> {
    const id = this.hashes.get(hash);
    const s = id === undefined ? undefined : this.map.get(id);
    return s === undefined ? undefined : parse<ApiKeyRecord>(s);
  }
  async list(): Promise<ApiKeyRecord[]> {
    return [...this.map.values()].map((s) => parse<ApiKeyRecord>(s)).sort(byId);
  }
  async revoke(id: string, at: Date): Promise<boolean> {
    requireDate(at, 'at');
    const r = rmw<ApiKeyRecord>(
      this.map,
      id,
      (k) => (k.revokedAt ? null : { ...k, revokedAt: at.toISOString() }),
      check.apiKey,
      'id',
    );
    return r !== undefined;
  }
}
