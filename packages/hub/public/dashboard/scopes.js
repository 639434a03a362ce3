// What the logged-in key may do (GET /v1/account's `scopes`): the header says it, and sections the key may not use
// are hidden rather than failing with 403 when opened. The hub enforces the scopes; this only keeps the page honest.
import { state } from './state.js';
import { $, $$ } from './view.js';

/** Whether the session's key has `scope` (`admin` implies every scope). */
export function can(scope) {
  return state.scopes.includes('admin') || state.scopes.includes(scope);
}

/**
 * Keep the account's scopes, say them in the header and hide each section button whose `data-scope` the key lacks.
 * Returns the first section the key may open, or undefined when it may open none.
 */
export function applyScopes(account) {
  state.scopes = account.scopes ?? ['admin'];
  $('#key-scopes').textContent = `${account.keyName}: ${state.scopes.join(', ')}`;
  $('#key-scopes').title =
    `This key may: ${state.scopes.join(', ')}${account.expiresAt ? ` (until ${account.expiresAt})` : ''}`;
  let first;
  for (const b of $$('nav button')) {
    b.hidden = !can(b.dataset.scope);
    if (!b.hidden) first ??= b.dataset.view;
  }
  $('#no-sections').hidden = first !== undefined;
  return first;
}
