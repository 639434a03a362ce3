// Webhooks: each subscription with its latest deliveries, a button to send it a test event, its disabled flag with
// a button to re-enable it, and replay buttons (one dead delivery, or every dead one).
import { ApiError, api } from './api.js';
import { $, el } from './view.js';

const path = (s, op) => `/v1/webhooks/${encodeURIComponent(s.id)}/${op}`;
// `el` sets attributes, and any `disabled` attribute disables: present only while the subscription is disabled.
const off = (s) => (s.disabledAt ? { disabled: '' } : {});

/** Run `call` (a replay) and show its answer in `note`; reload the list when told. */
async function act(note, call) {
  try {
    const r = await call();
    note.textContent = r && typeof r.queued === 'number' ? `Replay: ${r.queued} queued` : '';
    return true;
  } catch (e) {
    note.textContent = e instanceof ApiError ? e.message : String(e);
    return false;
  }
}

function deliveryRow(s, a, note) {
  const outcome = a.ok
    ? `ok ${a.statusCode}`
    : a.held
      ? 'held (subscription disabled)'
      : `failed ${a.statusCode ?? ''} ${a.error ?? ''}`;
  const text =
    `${new Date(a.at).toLocaleString()} ${a.eventType} → ${outcome}` +
    (a.deadLettered && !a.held ? ' (dead letter)' : '') +
    (a.replay ? ' (replay)' : '');
  const replay =
    a.deadLettered && a.event
      ? el(
          'button',
          {
            class: 'replay',
            ...off(s),
            title: s.disabledAt ? 'Enable the subscription first' : 'Send this event again, same webhook-id',
            onclick: () => act(note, () => api('POST', path(s, 'replay'), { deliveryId: a.id })),
          },
          'Replay',
        )
      : '';
  return el('li', { dataset: { id: a.id } }, text, ' ', replay);
}

/** Load the subscriptions, each with its ten latest deliveries. */
export async function loadWebhooks() {
  const subs = (await api('GET', '/v1/webhooks')).items;
  const list = $('#subs');
  list.replaceChildren();
  if (!subs.length)
    list.append(el('li', { class: 'muted' }, 'No subscriptions yet (n8n, Zapier and the Slack app create theirs).'));
  for (const s of subs) {
    const log = (await api('GET', `${path(s, 'deliveries')}?limit=10`)).items;
    const note = el('p', { class: 'note', role: 'status' });
    const item = el(
      'li',
      { dataset: { id: s.id } },
      el('strong', {}, s.url),
      ` — ${s.events.join(', ')}`,
      s.disabledAt
        ? el(
            'p',
            { class: 'disabled failing' },
            `Disabled: ${s.disabledReason ?? 'failing'}, since ${new Date(s.disabledAt).toLocaleString()}. ` +
              'New deliveries are held; enable it, then replay them. ',
            el(
              'button',
              {
                class: 'enable',
                onclick: async () => {
                  if (await act(note, () => api('POST', path(s, 'enable')))) await loadWebhooks();
                },
              },
              'Enable',
            ),
          )
        : s.failing
          ? el('p', { class: 'failing' }, `Failing: ${s.consecutiveFailures} failures in a row`)
          : '',
      el('ul', { class: 'deliveries', 'aria-label': 'Latest deliveries' }, ...log.map((a) => deliveryRow(s, a, note))),
      el(
        'button',
        {
          onclick: async () => {
            await api('POST', path(s, 'test'));
            await loadWebhooks();
          },
        },
        'Send test event',
      ),
      ' ',
      el(
        'button',
        {
          class: 'replay-dead',
          ...off(s),
          onclick: () => act(note, () => api('POST', path(s, 'replay'), {})),
        },
        'Replay dead deliveries',
      ),
      note,
    );
    list.append(item);
  }
}
