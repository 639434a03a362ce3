import type { Connection } from '../../schemas';
import type { UpdateResult } from '../port';
import { byId, hashUpdate, parse } from '../redis/hash-update';
import type { RedisKeys } from '../redis/keys';
import type { RedisClient } from '../redis/lua';
import { checkConnection } from './args';
import type { ConnectionRepo } from './port';

/** The Redis {@link ConnectionRepo}: one hash `{cn}`, a field per connection. */
export class RedisConnections implements ConnectionRepo {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}
  async put(connection: Connection): Promise<void> {
    const c = checkConnection(connection);
    await this.redis.hset(this.keys.connections(), c.id, JSON.stringify(c));
  }
  async get(id: string): Promise<Connection | undefined> {
    const s = await this.redis.hget(this.keys.connections(), id);
    return s === null ? undefined : parse<Connection>(s);
  }
  async list(): Promise<Connection[]> {
    return (await this.redis.hvals(this.keys.connections())).map((s) => parse<Connection>(s)).sort(byId);
  }
  update(id: string, fn: (c: Connection) => Connection | null): Promise<UpdateResult<Connection> | undefined> {
    return hashUpdate(this.redis, this.keys.connections(), id, fn, checkConnection, 'id');
  }
  async delete(id: string): Promise<boolean> {
    return (await this.redis.hdel(this.keys.connections(), id)) === 1;
  }
}
