// smsfleet dashboard: plain ES module, no framework. Every call goes to the hub's /v1 API with the API key the user
// logged in with (sessionStorage: gone when the tab closes). Live updates come from /dashboard/events (SSE).
import { $, $$, el, cells, deviceLabel, reason, tickText, clicksText, problemText } from './view.js';

const state = {
  key: sessionStorage.getItem('smsfleet-key'),
  messages: new Map(),
  inbound: new Map(),
  contact: null,
  devices: [],
  source: null,
};

class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.message ?? `HTTP ${status}`);
    this.status = status;
    this.body = body?.error ?? {};
  }
}
async function api(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: { authorization: `Bearer ${state.key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (res.status === 401 && path !== '/v1/account') {
    logout();
    throw new ApiError(401, {});
  }
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
  // The brand already says smsfleet: the fleet's name only when it is another (SMSFLEET_FLEET_NAME's default is
  // smsfleet).
  const fleet = account.fleetName.trim();
  $('#fleet-name').textContent = fleet.toLowerCase() === 'smsfleet' ? '' : fleet;
  $('#login').hidden = true;
  $('#shell').hidden = false;
  state.devices = (await api('GET', '/v1/devices')).items;
  for (const sel of ['#c-device', '#f-device'])
    for (const d of state.devices) $(sel).append(el('option', { value: d.id }, `${deviceLabel(d)} · ${d.health}`));
  connectLive();
  await show('conversations');
}
function logout() {
  sessionStorage.removeItem('smsfleet-key');
  state.source?.close();
  location.reload();
}
$('#login-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const key = $('#api-key').value.trim();
  $('#login-error').textContent = '';
  if (!key) {
    $('#login-error').textContent = 'Enter your API key.';
    return;
  }
  try {
    await login(key);
  } catch {
    $('#login-error').textContent = 'That key was refused by the hub.';
    state.key = null;
  }
});
$('#logout').addEventListener('click', logout);

// ---- navigation ----
const views = {
  conversations: loadConversations,
  compose: loadCompose,
  reports: loadReports,
  metrics: loadMetrics,
  devices: loadDevices,
  webhooks: loadWebhooks,
};
async function show(name) {
  for (const b of $$('nav button'))
    b.toggleAttribute('aria-current', b.dataset.view === name) || b.removeAttribute('aria-current');
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
  src.onopen = () => {
    $('#live').textContent = 'live';
    $('#live').classList.add('on');
  };
  src.onerror = () => {
    $('#live').textContent = 'reconnecting…';
    $('#live').classList.remove('on');
  };
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

/**
 * Keep a message the API answered with, unless the live stream already told of a later state: a text that fails at
 * once has its status_changed event arrive before the answer to the send that made it.
 */
function remember(m) {
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

// ---- conversations ----
function updateTick(m) {
  for (const t of $$(`.tick[data-message-id="${CSS.escape(m.id)}"]`)) {
    t.textContent = tickText(m);
    t.className = `tick ${m.status}`;
    t.dataset.status = m.status;
  }
}
async function loadConversations() {
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
function renderContacts() {
  const last = new Map();
  for (const m of state.messages.values())
    if (!last.has(m.to) || Date.parse(m.createdAt) > last.get(m.to).at)
      last.set(m.to, { at: Date.parse(m.createdAt), text: m.body || '…', out: true });
  for (const i of state.inbound.values())
    if (!last.has(i.from) || Date.parse(i.receivedAt) >= last.get(i.from).at)
      last.set(i.from, { at: Date.parse(i.receivedAt), text: i.body, out: false });
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
function renderThread() {
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
          el(
            'div',
            { class: 'meta' },
            new Date(m.receivedAt).toLocaleString(),
            m.inReplyTo?.reference ? ` · reply to ${m.inReplyTo.reference}` : '',
          ),
        );
  $('#thread').replaceChildren(el('h2', {}, phone), ...threadOf(phone).map(bubble));
}

// ---- compose ----
let previewTimer;
function clearErrors() {
  for (const p of $$('#compose .field-error')) {
    p.textContent = '';
    delete p.dataset.for;
  }
}
/**
 * Show `message` under the input `field` (an API field path like `body.to`) is about; `#err-body` for one without its
 * own.
 */
function showFieldError(field, message) {
  const key = (field ?? '').replace(/^body\./, '').split('.')[0];
  const target = $(`#compose .field-error[data-field="${key === 'sim' ? 'deviceId' : key}"]`) ?? $('#err-body');
  target.textContent = target.textContent ? `${target.textContent} ${message}` : message;
  target.dataset.for = `${target.dataset.for ?? ''} ${key}`;
}
// An error is about what the field held: once the field is edited it is stale, gone until the next Send.
function clearErrorsOf(name) {
  $('#compose-result').textContent = '';
  for (const p of $$('#compose .field-error'))
    if (p.dataset.field === name || (p.dataset.for ?? '').split(' ').includes(name)) {
      p.textContent = '';
      delete p.dataset.for;
    }
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
async function preview(asIs = true) {
  const b = composeBody();
  if (!b.body) {
    $('#counter').textContent = '0 characters · 0 parts · GSM-7';
    return;
  }
  const to = asIs ? b.to : '';
  try {
    const p = await api('POST', '/v1/messages/preview', { ...b, to: to || '+14155550100' });
    $('#counter').textContent =
      `${p.characters} characters · ${p.segments} part${p.segments === 1 ? '' : 's'} · ${p.encoding}` +
      (p.ucs2Characters.length ? ` — UCS-2 because of: ${p.ucs2Characters.join(' ')}` : '');
    $('#warnings').replaceChildren(
      ...p.warnings.filter((w) => to || w.code !== 'SMSFLEET_ERR_OPTED_OUT').map((w) => el('li', {}, w.message)),
    );
  } catch (e) {
    // A number still being typed must not freeze the counter: count the text without it (Send names the number's
    // problem).
    if (e.status < 500 && /\.to$|^to$/.test(e.body.field ?? '')) {
      if (asIs) await preview(false);
    } else if (e.status < 500 && e.body.field) $('#counter').textContent = e.message;
  }
}
async function loadCompose() {
  $('#c-to').focus();
}
$('#compose').addEventListener('input', (e) => {
  clearErrorsOf(e.target.name);
  clearTimeout(previewTimer);
  previewTimer = setTimeout(preview, 200);
});
$('#compose').addEventListener('change', (e) => clearErrorsOf(e.target.name));
$('#compose').addEventListener('submit', async (e) => {
  e.preventDefault();
  clearErrors();
  $('#compose-result').textContent = '';
  const b = composeBody();
  let bad = false;
  if (!b.to) {
    showFieldError('to', 'Enter a phone number, e.g. +14155550123.');
    bad = true;
  }
  if (!b.body.trim()) {
    showFieldError('body', 'Write a message.');
    bad = true;
  }
  if (bad) return;
  try {
    const m = remember(await api('POST', '/v1/messages', b));
    $('#compose-result').textContent = `Sent to ${m.to} (${m.status}).`;
    $('#compose').reset();
    $('#counter').textContent = '0 characters · 0 parts · GSM-7';
    $('#warnings').replaceChildren();
    state.contact = m.to;
    await show('conversations');
  } catch (err) {
    const issues = err.body.issues?.length ? err.body.issues : [{ field: err.body.field, reason: err.body.reason }];
    // One issue: the API's message says it best; several: each field gets its own reason.
    if (issues.length === 1) showFieldError(issues[0].field, problemText(err.message, issues[0].reason));
    else for (const i of issues) showFieldError(i.field, problemText('', i.reason));
  }
});

// ---- reports ----
function reportQuery() {
  const f = $('#filters');
  const q = new URLSearchParams();
  if (f.status.value) q.set('status', f.status.value);
  if (f.deviceId.value) q.set('deviceId', f.deviceId.value);
  if (f.campaign.value.trim()) q.set('campaign', f.campaign.value.trim());
  if (f.since.value) q.set('since', new Date(`${f.since.value}T00:00:00`).toISOString());
  if (f.until.value)
    q.set('until', new Date(new Date(`${f.until.value}T00:00:00`).getTime() + 86400_000).toISOString());
  return q;
}
async function loadReports() {
  const q = reportQuery();
  q.set('limit', '500');
  const category = $('#filters').category.value;
  const items = (await api('GET', `/v1/messages?${q}`)).items.filter(
    (m) => !category || m.failure?.category === category,
  );
  const body = $('#reports-table tbody');
  body.replaceChildren();
  for (const m of items) {
    remember(m);
    const open = () => openTimeline(m.id);
    body.append(
      el(
        'tr',
        {
          tabindex: '0',
          dataset: { id: m.id },
          onclick: open,
          onkeydown: (ev) => {
            if (ev.key === 'Enter') open();
          },
        },
        ...cells(
          ['Created', new Date(m.createdAt).toLocaleString()],
          ['To', m.to],
          ['Status', m.status],
          ['Reason', reason(m)],
          ['Device', m.from?.deviceId ?? ''],
          ['Campaign', m.campaign ?? ''],
        ),
      ),
    );
  }
}
async function openTimeline(id) {
  const { message, events } = await api('GET', `/v1/messages/${encodeURIComponent(id)}`);
  $('#timeline').replaceChildren(
    el('h2', {}, `Timeline of ${message.id} to ${message.to}`),
    el(
      'ol',
      {},
      ...events.map((e) =>
        el(
          'li',
          {},
          `${new Date(e.at).toLocaleString()} — ${e.status}` +
            `${e.failure ? `: ${e.failure.explanation}` : ''}${e.note ? ` (${e.note})` : ''}`,
        ),
      ),
    ),
  );
  $('#timeline').scrollIntoView();
}
$('#filters').addEventListener('submit', (e) => {
  e.preventDefault();
  loadReports();
});
$('#export').addEventListener('click', async () => {
  const csv = await api('GET', `/v1/messages/export?${reportQuery()}`);
  const category = $('#filters').category.value;
  const lines = csv.trimEnd().split('\n');
  const col = lines[0].split(',').indexOf('failure_category');
  const kept = category ? [lines[0], ...lines.slice(1).filter((l) => l.split(',')[col] === category)] : lines;
  const a = el('a', {
    href: URL.createObjectURL(new Blob([`${kept.join('\n')}\n`], { type: 'text/csv' })),
    download: 'messages.csv',
  });
  document.body.append(a);
  a.click();
  a.remove();
});

// ---- metrics ----
const charts = [];
async function loadMetrics() {
  const [m, s] = await Promise.all([api('GET', '/v1/metrics'), api('GET', '/v1/metrics/series?bucket=hour')]);
  const pct = (v) => (v === null || v === undefined ? '–' : `${Math.round(v * 1000) / 10}%`);
  $('#kpis').replaceChildren(
    ...[
      ['Sent', m.sent],
      ['Delivered', m.delivered],
      ['Delivery rate', pct(m.deliveryRate)],
      ['Failed', m.failed],
      ['Clicks', m.clicks.total, `by ${m.clicks.unique} ${m.clicks.unique === 1 ? 'person' : 'people'}`],
      ['Click-through', pct(m.clickThroughRate)],
      ['Replies', m.replies],
      ['Opt-outs', m.optOuts],
      ['Cost', `${m.cost.amount} ${m.cost.currency}`],
    ].map(([k, v, note]) =>
      el('div', { class: 'kpi' }, k, el('b', {}, v), note ? el('small', { class: 'muted' }, note) : ''),
    ),
  );
  $('#failures').replaceChildren(
    ...Object.entries(m.failedByCategory).map(([k, v]) => el('li', {}, `${k.replace(/_/g, ' ')}: ${v}`)),
  );
  if (!m.failed) $('#failures').append(el('li', { class: 'muted' }, 'No failures in the last 24 hours.'));
  while (charts.length) charts.pop().destroy();
  const xs = s.points.map((p) => Date.parse(p.at) / 1000);
  const width = Math.min(1200, $('#view-metrics').clientWidth || 800);
  charts.push(
    new uPlot(
      {
        width,
        height: 240,
        series: [
          {},
          { label: 'Sent', stroke: '#0969da' },
          { label: 'Delivered', stroke: '#1a7f37' },
          { label: 'Failed', stroke: '#cf222e' },
          { label: 'Delivery rate %', stroke: '#8250df', scale: '%' },
        ],
        axes: [{}, {}, { scale: '%', side: 1 }],
      },
      [
        xs,
        s.points.map((p) => p.sent),
        s.points.map((p) => p.delivered),
        s.points.map((p) => p.failed),
        s.points.map((p) => (p.deliveryRate === null ? null : p.deliveryRate * 100)),
      ],
      $('#chart-volume'),
    ),
  );
  charts.push(
    new uPlot(
      {
        width,
        height: 200,
        series: [
          {},
          { label: 'Clicks', stroke: '#bf8700' },
          { label: 'Replies', stroke: '#0969da' },
          { label: 'Opt-outs', stroke: '#cf222e' },
        ],
      },
      [xs, s.points.map((p) => p.clicks), s.points.map((p) => p.replies), s.points.map((p) => p.optOuts)],
      $('#chart-engagement'),
    ),
  );
  $('#view-metrics').dataset.points = String(s.points.reduce((n, p) => n + p.sent, 0));
}

// ---- devices ----
async function loadDevices() {
  const devices = (await api('GET', '/v1/devices')).items;
  const rates = await Promise.all(devices.map((d) => api('GET', `/v1/metrics?deviceId=${encodeURIComponent(d.id)}`)));
  $('#devices-table tbody').replaceChildren(
    ...devices.map((d, i) =>
      el(
        'tr',
        { dataset: { id: d.id } },
        ...cells(
          [
            'Phone',
            el(
              'span',
              {},
              el('strong', {}, d.name ?? d.id),
              ...((d.name ?? d.id).includes(d.gateway) ? [] : [' ', el('span', { class: 'tag' }, d.gateway)]),
            ),
          ],
          ['Health', d.health],
          ['Last seen', d.lastSeenAt ? new Date(d.lastSeenAt).toLocaleString() : '–'],
          [
            'SIMs',
            d.sims
              .map((s) => `SIM ${s.slot}${s.number ? ` ${s.number}` : ''}: ${s.usedLastMinute}/${s.segmentsPerMinute}`)
              .join(' · '),
          ],
          [
            'Failures',
            `${d.consecutiveFailures} · failure rate ` +
              (rates[i].handedOver ? `${Math.round((rates[i].failed / rates[i].handedOver) * 100)}%` : '–'),
          ],
        ),
      ),
    ),
  );
}

// ---- webhooks ----
async function loadWebhooks() {
  const subs = (await api('GET', '/v1/webhooks')).items;
  const list = $('#subs');
  list.replaceChildren();
  if (!subs.length)
    list.append(el('li', { class: 'muted' }, 'No subscriptions yet (n8n, Zapier and the Slack app create theirs).'));
  for (const s of subs) {
    const log = (await api('GET', `/v1/webhooks/${encodeURIComponent(s.id)}/deliveries?limit=10`)).items;
    const item = el(
      'li',
      { dataset: { id: s.id } },
      el('strong', {}, s.url),
      ` — ${s.events.join(', ')}`,
      s.failing ? el('p', { class: 'failing' }, `Failing: ${s.consecutiveFailures} failures in a row`) : '',
      el(
        'ul',
        { class: 'deliveries', 'aria-label': 'Latest deliveries' },
        ...log.map((a) =>
          el(
            'li',
            {},
            `${new Date(a.at).toLocaleString()} ${a.eventType} → ` +
              `${a.ok ? `ok ${a.statusCode}` : `failed ${a.statusCode ?? ''} ${a.error ?? ''}`}` +
              (a.deadLettered ? ' (dead letter)' : ''),
          ),
        ),
      ),
      el(
        'button',
        {
          onclick: async () => {
            await api('POST', `/v1/webhooks/${encodeURIComponent(s.id)}/test`);
            await loadWebhooks();
          },
        },
        'Send test event',
      ),
    );
    list.append(item);
  }
}

if (state.key) login(state.key).catch(() => logout());
