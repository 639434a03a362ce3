// What the dashboard knows, shared by every section: one object, and the only module-level state they share. A leaf
// module (imports nothing), so it is initialised before any module that reads it.

/** The session's key, the messages and inbound texts seen so far, the open contact, the phones and the live stream. */
export const state = {
  key: sessionStorage.getItem('smsfleet-key'),
  messages: new Map(),
  inbound: new Map(),
  contact: null,
  devices: [],
  source: null,
  /** What the key may do (from GET /v1/account). */
  scopes: [],
};

/**
 * Keep a message the API answered with, unless the live stream already told of a later state: a text that fails at
 * once has its status_changed event arrive before the answer to the send that made it.
 */
export function remember(m) {
  const known = state.messages.get(m.id);
  if (known?.updatedAt && known.updatedAt > m.updatedAt)
    Object.assign(m, {
      status: known.status,
      failure: known.failure,
      from: known.from ?? m.from,
      updatedAt: known.updatedAt,
    });
  // counts only grow
  if ((known?.engagement?.clicks ?? 0) > (m.engagement?.clicks ?? 0)) m.engagement = known.engagement;
  state.messages.set(m.id, m);
  return m;
}
