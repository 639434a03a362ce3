// Webhooks: each subscription with its latest deliveries and a button to send it a test event.
import { api } from './api.js';
import { $, el } from './view.js';

/** Load the subscriptions, each with its ten latest deliveries. */
export async function loadWebhooks() {
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
