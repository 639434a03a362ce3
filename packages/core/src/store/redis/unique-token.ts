import { randomBytes } from 'node:crypto';

/** This process's part of every token: tokens of different hubs never meet. */
const NONCE = randomBytes(9).toString('base64url');
let count = 0;

/**
 * A token no other call of any process makes: this process's random part and a count, so a script can tell its own
 * earlier run from another writer's when the client resends it (a message update's `w`, see lua/cas-message-2.lua; a
 * redirect batch's marker, see links/visit-batch.ts), without a call into the random source per use.
 */
export function uniqueToken(): string {
  return `${NONCE}${(count++).toString(36)}`;
}
