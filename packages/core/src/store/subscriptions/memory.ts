import type { Subscription } from '../../schemas';
import type { SubscriptionRepo } from '../subscriptions/port';
import type { UpdateResult } from '../port';
import { invalid } from '../shared/args';
import { check } from '../shared/records';
import { byId, parse, rmw } from '../memory/rmw';
import { deepFreeze } from './snapshot';

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
  async snapshot(): Promise<readonly Subscription[]> {
    this.listed ??= deepFreeze([...this.map.values()].map((s) => parse<Subscription>(s)).sort(byId));
    return this.listed;
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
