import { checkRevokedAt, checkUsedAt, usedAt } from './args';
import type { ApiKeyRecord, ApiKeyRepo } from '../api-keys/port';
import { check } from '../shared/records';
import { byId, parse, rmw } from '../memory/rmw';

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
    const revokedAt = checkRevokedAt(at);
    const r = rmw<ApiKeyRecord>(this.map, id, (k) => (k.revokedAt ? null : { ...k, revokedAt }), check.apiKey, 'id');
    return r !== undefined;
  }
  async touch(id: string, at: Date): Promise<boolean> {
    const iso = checkUsedAt(at);
    return rmw<ApiKeyRecord>(this.map, id, (k) => usedAt(k, iso), check.apiKey, 'id') !== undefined;
  }
}
