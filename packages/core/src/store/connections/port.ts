import type { Connection } from '../../schemas';
import type { UpdateResult } from '../port';

/** The gateway connections of the fleet (with their secrets: only the hub reads them, answers never show them). */
export interface ConnectionRepo {
  /** Insert or replace; `SMSFLEET_ERR_VALIDATION` naming `connection.<field>` for an invalid one. */
  put(connection: Connection): Promise<void>;
  get(id: string): Promise<Connection | undefined>;
  /** Every connection, in id order. */
  list(): Promise<Connection[]>;
  /** Atomic read-modify-write (`fn` may run more than once); undefined for an unknown connection. */
  update(id: string, fn: (c: Connection) => Connection | null): Promise<UpdateResult<Connection> | undefined>;
  delete(id: string): Promise<boolean>;
}
