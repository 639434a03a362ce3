import { randomBytes } from 'node:crypto';

/** This process's part of every token: tokens of different hubs never meet. */
const NONCE = randomBytes(9).toString('base64url');
let count = 0;

/**
 * A token unique to one message update, written with the version it makes (hash field `w`): a compare-and-set the
 * client sent again after it ran finds its own token and answers as written (see lua/cas-message-2.lua).
 */
export function nextWriteToken(): string {
  return `${NONCE}${(count++).toString(36)}`;
}
