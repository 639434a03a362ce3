import { checkRevokedAt, checkUsedAt, usedAt } from './args';
import type { ApiKeyRecord, ApiKeyRepo } from '../api-keys/port';
import { check } from '../shared/records';
import { byId, parse, rmw } from '../memory/rmw';

/** A caller's own copy of a parsed key: its only nested value is the scopes list. */
function copyKey(k: ApiKeyRecord): ApiKeyRecord {
  const c = { ...k };
  if (k.scopes) c.scopes = [...k.scopes];
  return c;
}

/** In-memory {@link ApiKeyRepo}: records by id and an index by hash. */
export class MemoryApiKeys implements ApiKeyRepo {
  private readonly map = new Map<string, string>();
  private readonly hashes = new Map<string, string>();
  /**
   * Records parsed by `byHash`, by id, dropped on every write: every authenticated request reads its key, and a copy
   * of the parsed record costs a fraction of parsing its JSON again.
   */
  private readonly parsed = new Map<string, ApiKeyRecord>();
  async put(key: ApiKeyRecord): Promise<void> {
    const k = check.apiKey(key);
    const old = this.map.get(k.id);
    if (old !== undefined) this.hashes.delete(parse<ApiKeyRecord>(old).hash);
    this.parsed.delete(k.id);
    this.map.set(k.id, JSON.stringify(k));
    this.hashes.set(k.hash, k.id);
  }
  async byHash(hash: string): Promise<ApiKeyRecord | undefined> {
    const id = this.hashes.get(hash);
    if (id === undefined) return undefined;
    let k = this.parsed.get(id);
    if (k === undefined) {
      const s = this.map.get(id);
      if (s === undefined) return undefined;
      k = parse<ApiKeyRecord>(s);
      this.parsed.set(id, k);
    }
    return copyKey(k);
  }
  async list(): Promise<ApiKeyRecord[]> {
    return [...this.map.values()].map((s) => parse<ApiKeyRecord>(s)).sort(byId);
  }
  async revoke(id: string, at: Date): Promise<boolean> {
    const revokedAt = checkRevokedAt(at);
    this.parsed.delete(id);
    const r = rmw<ApiKeyRecord>(this.map, id, (k) => (k.revokedAt ? null : { ...k, revokedAt }), check.apiKey, 'id');
    return r !== undefined;
  }
  async touch(id: string, at: Date): Promise<boolean> {
    const iso = checkUsedAt(at);
    this.parsed.delete(id);
    return rmw<ApiKeyRecord>(this.map, id, (k) => usedAt(k, iso), check.apiKey, 'id') !== undefined;
  }
}
