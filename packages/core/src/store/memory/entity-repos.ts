import type { Contact, Conversation, Device, Subscription } from '../../schemas';
import type {
  ApiKeyRecord,
  ApiKeyRepo,
  ContactRepo,
  ConversationRepo,
  DeviceRepo,
  Page,
  PageArgs,
  SubscriptionRepo,
  UpdateResult,
} from '../port';
import { invalid, pageLimit, requireDate, requireKey } from '../shared/args';
import { decodeCursor } from '../shared/cursor';
import { check, keepId } from '../shared/records';
import { scanPage } from '../shared/scan';
import { SortedIndex } from './sorted-index';

const parse = <T>(s: string): T => JSON.parse(s) as T;
const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Read-modify-write on a map of JSON records; synchronous, hence atomic. */
function rmw<T>(
  map: Map<string, string>,
  key: string,
  fn: (v: T) => T | null,
  validate: (v: unknown) => T,
  idField: string,
): UpdateResult<T> | undefined {
  const cur = map.get(key);
  if (cur === undefined) return undefined;
  const next = fn(parse<T>(cur));
  if (next === null) return { value: parse<T>(cur), changed: false };
  const checked = keepId(validate(next) as Record<string, unknown>, idField, key) as T;
  const json = JSON.stringify(checked);
  map.set(key, json);
  return { value: parse<T>(json), changed: true };
}

/** In-memory {@link DeviceRepo}; `list` is in id order. */
export class MemoryDevices implements DeviceRepo {
  private readonly map = new Map<string, string>();
  async put(device: Device): Promise<void> {
    const d = check.device(device);
    this.map.set(d.id, JSON.stringify(d));
  }
  async get(id: string): Promise<Device | undefined> {
    const s = this.map.get(id);
    return s === undefined ? undefined : parse<Device>(s);
  }
  async list(): Promise<Device[]> {
    return [...this.map.values()].map((s) => parse<Device>(s)).sort(byId);
  }
  async update(id: string, fn: (d: Device) => Device | null): Promise<UpdateResult<Device> | undefined> {
    return rmw(this.map, id, fn, check.device, 'id');
  }
  async delete(id: string): Promise<boolean> {
    return this.map.delete(id);
  }
}

/** Freeze a JSON value and everything in it. */
function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object') {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

/**
 * In-memory {@link SubscriptionRepo}; deleting one also drops its delivery log through `onDelete`. Every published
 * event reads the whole list, so it is kept parsed (frozen, since each call hands out the same records) until
 * the next write.
 */
export class MemorySubscriptions implements SubscriptionRepo {
  private readonly map = new Map<string, string>();
  private listed: readonly Subscription[] | undefined;
  constructor(private readonly onDelete: (id: string) => void) {}
  async create(sub: Subscription): Promise<void> {
    const s = check.subscription(sub);
    if (this.map.has(s.id)) throw invalid('subscription.id', 'a subscription with this id already exists');
    this.map.set(s.id, JSON.stringify(s));
    this.listed = undefined;
  }
  async get(id: string): Promise<Subscription | undefined> {
    const s = this.map.get(id);
    return s === undefined ? undefined : parse<Subscription>(s);
  }
  async list(): Promise<Subscription[]> {
    this.listed ??= deepFreeze([...this.map.values()].map((s) => parse<Subscription>(s)).sort(byId));
    return [...this.listed];
  }
  async update(
    id: string,
    fn: (s: Subscription) => Subscription | null,
  ): Promise<UpdateResult<Subscription> | undefined> {
    const r = rmw(this.map, id, fn, check.subscription, 'id');
    if (r?.changed) this.listed = undefined;
    return r;
  }
  async delete(id: string): Promise<boolean> {
    const had = this.map.delete(id);
    this.listed = undefined;
    this.onDelete(id);
    return had;
  }
}

/** In-memory {@link ContactRepo}: records by phone and two lexical indexes (all, opted out). */
export class MemoryContacts implements ContactRepo {
  private readonly map = new Map<string, string>();
  private readonly all = new SortedIndex();
  private readonly out = new SortedIndex();
  async get(phone: string): Promise<Contact | undefined> {
    const s = this.map.get(phone);
    return s === undefined ? undefined : parse<Contact>(s);
  }
  async upsert(
    phone: string,
    fn: (c: Contact | undefined) => Contact | null,
  ): Promise<UpdateResult<Contact | undefined>> {
    requireKey(phone, 'phone', 32);
    const cur = this.map.get(phone);
    const next = fn(cur === undefined ? undefined : parse<Contact>(cur));
    if (next === null) return { value: cur === undefined ? undefined : parse<Contact>(cur), changed: false };
    const c = keepId(check.contact(next), 'phone', phone);
    const json = JSON.stringify(c);
    this.map.set(phone, json);
    this.all.insert(0, phone);
    if (c.optedOut) this.out.insert(0, phone);
    else this.out.remove(0, phone);
    return { value: parse<Contact>(json), changed: true };
  }
  async list(filter: { optedOut?: boolean }, page?: PageArgs): Promise<Page<Contact>> {
    const limit = pageLimit(page);
    const after = decodeCursor(page?.cursor);
    const index = filter.optedOut === true ? this.out : this.all;
    return scanPage<Contact>(
      {
        next: async (a, n) => index.page(a, n, -Infinity, Infinity, false),
        load: async (ids) =>
          ids.map((p) => {
            const s = this.map.get(p);
            return s === undefined ? undefined : parse<Contact>(s);
          }),
      },
      { after, limit, match: filter.optedOut === false ? (c) => !c.optedOut : undefined },
    );
  }
}

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
