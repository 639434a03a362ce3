import { parseOrThrow } from '../../errors';
import { Connection } from '../../schemas';

/** A valid connection record, or `SMSFLEET_ERR_VALIDATION` naming `connection.<field>`. */
export const checkConnection = (v: unknown): Connection => parseOrThrow(Connection, v, 'connection');
