// Conversations: one line per contact with the latest text, and the chosen contact's thread both ways.
import { api } from './api.js';
import { remember, state } from './state.js';
import { mediaParts } from './media.js';
import { $, $$, clicksText, el, tickText } from './view.js';

/** Show `m`'s status on each of its bubbles. */
export function updateTick(m) {
  for (const t of $$(`.tick[data-message-id="${CSS.escape(m.id)}"]`)) {
    t.textContent = tickText(m);
    t.className = `tick ${m.status}`;
    t.dataset.status = m.status;
  }
}
/** Load the latest texts both ways, then the open contact's whole thread. */
export async function loadConversations() {
  const [msgs, inbox] = await Promise.all([api('GET', '/v1/messages?limit=200'), api('GET', '/v1/inbox?limit=200')]);
  for (const m of msgs.items) remember(m);
  for (const i of inbox.items) state.inbound.set(i.id, i);
  renderContacts();
  if (state.contact) await openContact(state.contact);
}
/**
 * Show one contact's thread from what is known, then with all of its texts both ways (not only the latest 200 of the
 * fleet).
 */
async function openContact(phone) {
  state.contact = phone;
  renderContacts();
  renderThread();
  const q = encodeURIComponent(phone);
  const [msgs, inbox] = await Promise.all([
    api('GET', `/v1/messages?to=${q}&limit=200`),
    api('GET', `/v1/inbox?from=${q}&limit=200`),
  ]);
  for (const m of msgs.items) remember(m);
  for (const i of inbox.items) state.inbound.set(i.id, i);
  if (state.contact === phone) renderThread();
}
/** Every text with `phone`, both ways, oldest first (a tie keeps the text sent before the reply to it). */
function threadOf(phone) {
  return [
    ...[...state.messages.values()]
      .filter((m) => m.to === phone)
      .map((m) => ({ at: Date.parse(m.createdAt), out: true, m })),
    ...[...state.inbound.values()]
      .filter((i) => i.from === phone)
      .map((i) => ({ at: Date.parse(i.receivedAt), out: false, m: i })),
  ].sort((a, b) => a.at - b.at || Number(b.out) - Number(a.out));
}
/** Draw the contact list from what is known, the latest conversation first. */
export function renderContacts() {
  const last = new Map();
  for (const m of state.messages.values())
    if (!last.has(m.to) || Date.parse(m.createdAt) > last.get(m.to).at)
      last.set(m.to, { at: Date.parse(m.createdAt), text: m.body || '…', out: true });
  for (const i of state.inbound.values())
    if (!last.has(i.from) || Date.parse(i.receivedAt) >= last.get(i.from).at)
      last.set(i.from, {
        at: Date.parse(i.receivedAt),
        text: i.body || (i.media?.length ? '📎 attachment' : ''),
        out: false,
      });
  const list = $('#contacts');
  list.replaceChildren();
  for (const [phone, l] of [...last].sort((a, b) => b[1].at - a[1].at)) {
    list.append(
      el(
        'li',
        {},
        el(
          'button',
          { 'aria-selected': String(phone === state.contact), onclick: () => openContact(phone) },
          el('span', { class: 'phone' }, phone),
          el('span', { class: 'preview' }, `${l.out ? 'You: ' : ''}${l.text}`),
        ),
      ),
    );
  }
}
/** Draw the open contact's thread from what is known. */
export function renderThread() {
  const phone = state.contact;
  const bubble = ({ out, m }) =>
    out
      ? el(
          'div',
          { class: 'bubble out', dataset: { messageId: m.id } },
          el('span', { class: 'sr-only' }, 'Sent: '),
          m.body,
          el(
            'div',
            { class: 'meta' },
            `${new Date(m.createdAt).toLocaleString()} · `,
            el('span', { class: `tick ${m.status}`, dataset: { messageId: m.id, status: m.status } }, tickText(m)),
            ' ',
            el('span', { class: 'clicks', dataset: { messageId: m.id } }, clicksText(m)),
          ),
        )
      : el(
          'div',
          { class: 'bubble in', dataset: { inboundId: m.id } },
          el('span', { class: 'sr-only' }, 'Received: '),
          m.body,
          mediaParts(m.media),
          el(
            'div',
            { class: 'meta' },
            new Date(m.receivedAt).toLocaleString(),
            m.inReplyTo?.reference ? ` · reply to ${m.inReplyTo.reference}` : '',
          ),
        );
  $('#thread').replaceChildren(el('h2', {}, phone), ...threadOf(phone).map(bubble));
}
