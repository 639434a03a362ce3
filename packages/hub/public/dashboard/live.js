// The live stream (/dashboard/events, SSE): status ticks, replies and click counts without a reload.
import { api } from './api.js';
import { renderContacts, renderThread, updateTick } from './conversations.js';
import { remember, state } from './state.js';
import { $, $$, clicksText, reason } from './view.js';
import { watchDeviceHealth } from './device-health.js';

/** Trade the key for a stream token and apply the hub's events to what is shown. */
export async function connectLive() {
  const { token } = await api('POST', '/v1/dashboard/stream-token');
  const src = new EventSource(`/dashboard/events?token=${encodeURIComponent(token)}`);
  state.source = src;
  src.onopen = () => {
    $('#live').textContent = 'live';
    $('#live').classList.add('on');
  };
  src.onerror = () => {
    $('#live').textContent = 'reconnecting…';
    $('#live').classList.remove('on');
  };
  watchDeviceHealth(src);
  src.addEventListener('message.status_changed', (ev) => {
    const d = JSON.parse(ev.data).data;
    const m = state.messages.get(d.messageId) ?? { id: d.messageId, to: d.to, body: '', createdAt: d.at };
    if (m.updatedAt && m.updatedAt > d.at) return; // an older word than the one shown
    Object.assign(m, {
      status: d.status,
      failure: d.failure,
      updatedAt: d.at,
      from: d.deviceId ? { deviceId: d.deviceId, sim: d.sim } : m.from,
    });
    state.messages.set(m.id, m);
    updateTick(m);
    const row = $(`#reports-table tr[data-id="${CSS.escape(m.id)}"]`);
    if (row) {
      row.children[2].textContent = m.status;
      row.children[3].textContent = reason(m);
    }
  });
  src.addEventListener('sms.received', (ev) => {
    const d = JSON.parse(ev.data).data;
    state.inbound.set(d.inboundId, {
      id: d.inboundId,
      from: d.from,
      body: d.body,
      receivedAt: d.receivedAt,
      inReplyTo: d.inReplyTo,
      media: d.media,
    });
    renderContacts();
    if (state.contact === d.from) renderThread();
  });
  // The count is the message's own (read back after the event), kept on the message: a redraw shows it again, and a
  // click the list already counted is not counted twice.
  src.addEventListener('link.clicked', async (ev) => {
    const d = JSON.parse(ev.data).data;
    if (!state.messages.has(d.messageId)) return;
    const m = remember((await api('GET', `/v1/messages/${encodeURIComponent(d.messageId)}`)).message);
    for (const c of $$(`.clicks[data-message-id="${CSS.escape(m.id)}"]`)) c.textContent = clicksText(m);
  });
}
