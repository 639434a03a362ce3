import type { Connection } from '../../schemas';
import { byId, parse, rmw } from '../memory/rmw';
import type { UpdateResult } from '../port';
import { checkConnection } from './args';
import type { ConnectionRepo } from './port';

/** In-memory {@link ConnectionRepo}; `list` is in id order. */
export class MemoryConnections implements ConnectionRepo {
  private readonly map = new Map<string, string>();
  async put(connection: Connection): Promise<void> {
    const c = checkConnection(connection);
    this.map.set(c.id, JSON.stringify(c));
  }
  async get(id: string): Promise<Connection | undefined> {
    const s = this.map.get(id);
    return s === undefined ? undefined : parse<Connection>(s);
  }
  async list(): Promise<Connection[]> {
    return [...this.map.values()].map((s) => parse<Connection>(s)).sort(byId);
  }
  async update(id: string, fn: (c: Connection) => Connection | null): Promise<UpdateResult<Connection> | undefined> {
    return rmw(this.map, id, fn, checkConnection, 'id');
  }
  async delete(id: string): Promise<boolean> {
    return this.map.delete(id);
  }
}
