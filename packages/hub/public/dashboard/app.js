// smsfleet dashboard: plain ES module, no framework. Every call goes to the hub's /v1 API with the API key the user
// logged in with (sessionStorage: gone when the tab closes). Live updates come from /dashboard/events (SSE).
const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];
const el = (tag, props = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') e.className = v; else if (k === 'dataset') Object.assign(e.dataset, v); else if (k.startsWith('on')) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c ?? '')));
  return e;
};
const state = { key: sessionStorage.getItem('smsfleet-key'), messages: new Map(), inbound: [], contact: null, devices: [], source: null };

class ApiError extends Error { constructor(status, body) { super(body?.error?.message ?? `HTTP ${status}`); this.status = status; this.body = body?.error ?? {}; } }
async function api(method, path, body) {
  const res = await fetch(path, { method, headers: { authorization: `Bearer ${state.key}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
  if (res.status === 401 && path !== '/v1/account') { logout(); throw new ApiError(401, {}); }
  const text = await res.text();
  const json = text && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text;
  if (!res.ok) throw new ApiError(res.status, json);
  return json;
}

// ---- login ----
async function login(key) {
  state.key = key;
  const account = await api('GET', '/v1/account');
  sessionStorage.setItem('smsfleet-key', key);
  $('#fleet-name').textContent = account.fleetName;
  $('#login').hidden = true; $('#shell').hidden = false;
  state.devices = (await api('GET', '/v1/devices')).items;
  for (const sel of ['#c-device', '#f-device']) for (const d of state.devices) $(sel).append(el('option', { value: d.id }, `${d.name ?? d.id} (${d.health})`));
  connectLive();
  await show('conversations');
}
function logout() { sessionStorage.removeItem('smsfleet-key'); state.source?.close(); location.reload(); }
$('#login-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const key = $('#api-key').value.trim();
  $('#login-error').textContent = '';
  if (!key) { $('#login-error').textContent = 'Enter your API key.'; return; }
  try { await login(key); } catch { $('#login-error').textContent = 'That key was refused by the hub.'; state.key = null; }
});
$('#logout').addEventListener('click', logout);

// ---- navigation ----
const views = { conversations: loadConversations, compose: loadCompose, reports: loadReports, metrics: loadMetrics, devices: loadDevices, webhooks: loadWebhooks };
async function show(name) {
  for (const b of $$('nav button')) b.toggleAttribute('aria-current', b.dataset.view === name) || b.removeAttribute('aria-current');
  for (const b of $$('nav button')) if (b.dataset.view === name) b.setAttribute('aria-current', 'page');
  for (const v of $$('.view')) v.hidden = v.id !== `view-${name}`;
  await views[name]();
}
for (const b of $$('nav button')) b.addEventListener('click', () => show(b.dataset.view));

// ---- live stream ----
async function connectLive() {
  const { token } = await api('POST', '/v1/dashboard/stream-token');
  const src = new EventSource(`/dashboard/events?token=${encodeURIComponent(token)}`);
  state.source = src;
  src.onopen = () => { $('#live').textContent = 'live'; $('#live').classList.add('on'); };
  src.onerror = () => { $('#live').textContent = 'reconnecting…'; $('#live').classList.remove('on'); };
  src.addEventListener('message.status_changed', (ev) => {
    const d = JSON.parse(ev.data).data;
    const m = state.messages.get(d.messageId) ?? { id: d.messageId, to: d.to, body: '', createdAt: d.at };
    if (m.updatedAt && m.updatedAt > d.at) return; // an older word than the one shown
    Object.assign(m, { status: d.status, failure: d.failure, updatedAt: d.at, from: d.deviceId ? { deviceId: d.deviceId, sim: d.sim } : m.from });
    state.messages.set(m.id, m);
    updateTick(m);
    const row = $(`#reports-table tr[data-id="${CSS.escape(m.id)}"]`);
    if (row) { row.children[2].textContent = m.status; row.children[3].textContent = reason(m); }
  });
  src.addEventListener('sms.received', (ev) => {
    const d = JSON.parse(ev.data).data;
    state.inbound.unshift({ id: d.inboundId, from: d.from, body: d.body, receivedAt: d.receivedAt, inReplyTo: d.inReplyTo });
    renderContacts();
    if (state.contact === d.from) renderThread();
  });
  src.addEventListener('link.clicked', (ev) => {
    const d = JSON.parse(ev.data).data;
    if (state.contact === d.to) $('#thread').append(el('p', { class: 'muted' }, `🔗 opened ${d.url}`));
  });
}

/**
 * Keep a message the API answered with, unless the live stream already told of a later state: a text that fails at
 * once has its status_changed event arrive before the answer to the send that made it.
 */
function remember(m) {
  const known = state.messages.get(m.id);
  if (known?.updatedAt && known.updatedAt > m.updatedAt) Object.assign(m, { status: known.status, failure: known.failure, from: known.from ?? m.from, updatedAt: known.updatedAt });
  state.messages.set(m.id, m);
  return m;
}

// ---- conversations ----
// The catalogue's explanation reads the same for the same failure on every gateway; the gateway's own words vary.
const reason = (m) => (m.failure ? (m.failure.explanation ?? m.failure.rawReason ?? m.failure.code) : '');
const tickText = (m) => ({ delivered: '✓✓ delivered', sent: '✓ sent', failed: `✗ failed: ${reason(m)}`, undelivered: `✗ not delivered: ${reason(m)}`, expired: '✗ expired', rejected: `✗ rejected: ${reason(m)}`, cancelled: 'cancelled', scheduled: '🕒 scheduled' }[m.status] ?? `… ${m.status}`);
function updateTick(m) {
  for (const t of $$(`.tick[data-message-id="${CSS.escape(m.id)}"]`)) { t.textContent = tickText(m); t.className = `tick ${m.status}`; t.dataset.status = m.status; }
}
async function loadConversations() {
  const [msgs, inbox] = await Promise.all([api('GET', '/v1/messages?limit=200'), api('GET', '/v1/inbox?limit=200')]);
  for (const m of msgs.items) remember(m);
  state.inbound = inbox.items;
  renderContacts();
  if (state.contact) renderThread();
}
function renderContacts() {
  const last = new Map();
  for (const m of state.messages.values()) last.set(m.to, Math.max(last.get(m.to) ?? 0, Date.parse(m.createdAt)));
  for (const i of state.inbound) last.set(i.from, Math.max(last.get(i.from) ?? 0, Date.parse(i.receivedAt)));
  const list = $('#contacts'); list.replaceChildren();
  for (const [phone] of [...last].sort((a, b) => b[1] - a[1])) {
    list.append(el('li', {}, el('button', { 'aria-selected': String(phone === state.contact), onclick: () => { state.contact = phone; renderContacts(); renderThread(); } }, phone)));
  }
}
function renderThread() {
  const phone = state.contact;
  const items = [
    ...[...state.messages.values()].filter((m) => m.to === phone).map((m) => ({ at: m.createdAt, node: el('div', { class: 'bubble out' }, m.body, el('div', { class: 'meta' }, `${new Date(m.createdAt).toLocaleString()} · `, el('span', { class: `tick ${m.status}`, dataset: { messageId: m.id, status: m.status } }, tickText(m)))) })),
    ...state.inbound.filter((i) => i.from === phone).map((i) => ({ at: i.receivedAt, node: el('div', { class: 'bubble in', dataset: { inboundId: i.id } }, i.body, el('div', { class: 'meta' }, new Date(i.receivedAt).toLocaleString(), i.inReplyTo?.reference ? ` · reply to ${i.inReplyTo.reference}` : '')) })),
  ].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  $('#thread').replaceChildren(el('h2', {}, phone), ...items.map((x) => x.node));
}

// ---- compose ----
let previewTimer;
function clearErrors() { for (const p of $$('#compose .field-error')) p.textContent = ''; }
function showFieldError(field, message) {
  const key = (field ?? '').replace(/^body\./, '').split('.')[0];
  const target = $(`#compose .field-error[data-field="${key === 'sim' ? 'deviceId' : key}"]`) ?? $('#err-body');
  target.textContent = message;
}
function composeBody() {
  const f = $('#compose');
  const body = { to: f.to.value.trim(), body: f.body.value };
  if (f.deviceId.value) body.deviceId = f.deviceId.value;
  if (f.sim.value) body.sim = Number(f.sim.value);
  if (f.sendAt.value) body.sendAt = new Date(f.sendAt.value).toISOString();
  if (f.trackLinks.checked) body.trackLinks = true;
  return body;
}
async function preview() {
  const b = composeBody();
  if (!b.body) { $('#counter').textContent = '0 characters · 0 parts · GSM-7'; return; }
  try {
    const p = await api('POST', '/v1/messages/preview', { ...b, to: b.to || '+14155550100' });
    $('#counter').textContent = `${p.characters} characters · ${p.segments} part${p.segments === 1 ? '' : 's'} · ${p.encoding}${p.ucs2Characters.length ? ` — UCS-2 because of: ${p.ucs2Characters.join(' ')}` : ''}`;
    $('#warnings').replaceChildren(...p.warnings.filter((w) => b.to || w.code !== 'SMSFLEET_ERR_OPTED_OUT').map((w) => el('li', {}, w.message)));
  } catch (e) { if (e.status < 500 && e.body.field && !/\.to$|^to$/.test(e.body.field)) $('#counter').textContent = e.message; }
}
async function loadCompose() { $('#c-to').focus(); }
$('#compose').addEventListener('input', () => { clearTimeout(previewTimer); previewTimer = setTimeout(preview, 200); });
$('#compose').addEventListener('submit', async (e) => {
  e.preventDefault(); clearErrors(); $('#compose-result').textContent = '';
  const b = composeBody();
  let bad = false;
  if (!b.to) { showFieldError('to', 'Enter a phone number, e.g. +14155550123.'); bad = true; }
  if (!b.body.trim()) { showFieldError('body', 'Write a message.'); bad = true; }
  if (bad) return;
  try {
    const m = remember(await api('POST', '/v1/messages', b));
    $('#compose-result').textContent = `Sent to ${m.to} (${m.status}).`;
    $('#compose').reset(); $('#counter').textContent = '0 characters · 0 parts · GSM-7'; $('#warnings').replaceChildren();
    state.contact = m.to;
    await show('conversations');
  } catch (err) { showFieldError(err.body.field, `${err.body.reason ? `${err.body.reason} — ` : ''}${err.message}`); }
});

// ---- reports ----
function reportQuery() {
  const f = $('#filters');
  const q = new URLSearchParams();
  if (f.status.value) q.set('status', f.status.value);
  if (f.deviceId.value) q.set('deviceId', f.deviceId.value);
  if (f.campaign.value.trim()) q.set('campaign', f.campaign.value.trim());
  if (f.since.value) q.set('since', new Date(`${f.since.value}T00:00:00`).toISOString());
  if (f.until.value) q.set('until', new Date(new Date(`${f.until.value}T00:00:00`).getTime() + 86400_000).toISOString());
  return q;
}
async function loadReports() {
  const q = reportQuery(); q.set('limit', '500');
  const category = $('#filters').category.value;
  const items = (await api('GET', `/v1/messages?${q}`)).items.filter((m) => !category || m.failure?.category === category);
  const body = $('#reports-table tbody'); body.replaceChildren();
  for (const m of items) {
    remember(m);
    const open = () => openTimeline(m.id);
    body.append(el('tr', { tabindex: '0', dataset: { id: m.id }, onclick: open, onkeydown: (ev) => { if (ev.key === 'Enter') open(); } },
      el('td', {}, new Date(m.createdAt).toLocaleString()), el('td', {}, m.to), el('td', {}, m.status), el('td', {}, reason(m)), el('td', {}, m.from?.deviceId ?? ''), el('td', {}, m.campaign ?? '')));
  }
}
async function openTimeline(id) {
  const { message, events } = await api('GET', `/v1/messages/${encodeURIComponent(id)}`);
  $('#timeline').replaceChildren(el('h2', {}, `Timeline of ${message.id} to ${message.to}`),
    el('ol', {}, ...events.map((e) => el('li', {}, `${new Date(e.at).toLocaleString()} — ${e.status}${e.failure ? `: ${e.failure.explanation}` : ''}${e.note ? ` (${e.note})` : ''}`))));
  $('#timeline').scrollIntoView();
}
$('#filters').addEventListener('submit', (e) => { e.preventDefault(); loadReports(); });
$('#export').addEventListener('click', async () => {
  const csv = await api('GET', `/v1/messages/export?${reportQuery()}`);
  const category = $('#filters').category.value;
  const lines = csv.trimEnd().split('\n');
  const col = lines[0].split(',').indexOf('failure_category');
  const kept = category ? [lines[0], ...lines.slice(1).filter((l) => l.split(',')[col] === category)] : lines;
  const a = el('a', { href: URL.createObjectURL(new Blob([`${kept.join('\n')}\n`], { type: 'text/csv' })), download: 'messages.csv' });
  document.body.append(a); a.click(); a.remove();
});

// ---- metrics ----
const charts = [];
async function loadMetrics() {
  const [m, s] = await Promise.all([api('GET', '/v1/metrics'), api('GET', '/v1/metrics/series?bucket=hour')]);
  const pct = (v) => (v === null || v === undefined ? '–' : `${Math.round(v * 1000) / 10}%`);
  $('#kpis').replaceChildren(...[['Sent', m.sent], ['Delivered', m.delivered], ['Delivery rate', pct(m.deliveryRate)], ['Failed', m.failed], ['Clicks', `${m.clicks.total} (${m.clicks.unique} people)`], ['Click-through', pct(m.clickThroughRate)], ['Replies', m.replies], ['Opt-outs', m.optOuts], ['Cost', `${m.cost.amount} ${m.cost.currency}`]]
    .map(([k, v]) => el('div', { class: 'kpi' }, k, el('b', {}, v))));
  $('#failures').replaceChildren(...Object.entries(m.failedByCategory).map(([k, v]) => el('li', {}, `${k.replace(/_/g, ' ')}: ${v}`)));
  if (!m.failed) $('#failures').append(el('li', { class: 'muted' }, 'No failures in the last 24 hours.'));
  while (charts.length) charts.pop().destroy();
  const xs = s.points.map((p) => Date.parse(p.at) / 1000);
  const width = Math.min(1200, $('#view-metrics').clientWidth || 800);
  charts.push(new uPlot({ width, height: 240, series: [{}, { label: 'Sent', stroke: '#0969da' }, { label: 'Delivered', stroke: '#1a7f37' }, { label: 'Failed', stroke: '#cf222e' }, { label: 'Delivery rate %', stroke: '#8250df', scale: '%' }],
    axes: [{}, {}, { scale: '%', side: 1 }] }, [xs, s.points.map((p) => p.sent), s.points.map((p) => p.delivered), s.points.map((p) => p.failed), s.points.map((p) => (p.deliveryRate === null ? null : p.deliveryRate * 100))], $('#chart-volume')));
  charts.push(new uPlot({ width, height: 200, series: [{}, { label: 'Clicks', stroke: '#bf8700' }, { label: 'Replies', stroke: '#0969da' }, { label: 'Opt-outs', stroke: '#cf222e' }] },
    [xs, s.points.map((p) => p.clicks), s.points.map((p) => p.replies), s.points.map((p) => p.optOuts)], $('#chart-engagement')));
  $('#view-metrics').dataset.points = String(s.points.reduce((n, p) => n + p.sent, 0));
}

// ---- devices ----
async function loadDevices() {
  const devices = (await api('GET', '/v1/devices')).items;
  const rates = await Promise.all(devices.map((d) => api('GET', `/v1/metrics?deviceId=${encodeURIComponent(d.id)}`)));
  $('#devices-table tbody').replaceChildren(...devices.map((d, i) => el('tr', {},
    el('td', {}, `${d.name ?? d.id} (${d.gateway})`), el('td', {}, d.health), el('td', {}, d.lastSeenAt ? new Date(d.lastSeenAt).toLocaleString() : '–'),
    el('td', {}, d.sims.map((s) => `SIM ${s.slot}${s.number ? ` ${s.number}` : ''}: ${s.usedLastMinute}/${s.segmentsPerMinute}`).join(' · ')),
    el('td', {}, `${d.consecutiveFailures} · failure rate ${rates[i].handedOver ? `${Math.round((rates[i].failed / rates[i].handedOver) * 100)}%` : '–'}`))));
}

// ---- webhooks ----
async function loadWebhooks() {
  const subs = (await api('GET', '/v1/webhooks')).items;
  const list = $('#subs'); list.replaceChildren();
  if (!subs.length) list.append(el('li', { class: 'muted' }, 'No subscriptions yet (n8n, Zapier and the Slack app create theirs).'));
  for (const s of subs) {
    const log = (await api('GET', `/v1/webhooks/${encodeURIComponent(s.id)}/deliveries?limit=10`)).items;
    const item = el('li', { dataset: { id: s.id } }, el('strong', {}, s.url), ` — ${s.events.join(', ')}`,
      s.failing ? el('p', { class: 'failing' }, `Failing: ${s.consecutiveFailures} failures in a row`) : '',
      el('ul', {}, ...log.map((a) => el('li', {}, `${new Date(a.at).toLocaleString()} ${a.eventType} → ${a.ok ? `ok ${a.statusCode}` : `failed ${a.statusCode ?? ''} ${a.error ?? ''}`}${a.deadLettered ? ' (dead letter)' : ''}`))),
      el('button', { onclick: async () => { await api('POST', `/v1/webhooks/${encodeURIComponent(s.id)}/test`); await loadWebhooks(); } }, 'Send test event'));
    list.append(item);
  }
}

if (state.key) login(state.key).catch(() => logout());
