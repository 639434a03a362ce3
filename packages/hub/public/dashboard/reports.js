// Delivery reports: the filtered message table, one message's timeline, and the CSV export of the same filter.
import { api } from './api.js';
import { editable, editForm } from './edit-message.js';
import { can } from './scopes.js';
import { remember } from './state.js';
import { $, cells, el, reason } from './view.js';

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
/** Load the messages the filters select (up to 500) into the table. */
export async function loadReports() {
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
          `${new Date(e.at).toLocaleString()} — ${e.kind ?? e.status}` +
            `${e.failure ? `: ${e.failure.explanation}` : ''}${e.note ? ` (${e.note})` : ''}`,
        ),
      ),
    ),
  );
  if (editable(message) && can('send')) $('#timeline').append(editForm(message, () => openTimeline(id)));
  $('#timeline').scrollIntoView();
}
/** The filter form's submit: reload the table. */
export function submitFilters(e) {
  e.preventDefault();
  loadReports();
}
/** Download the messages the filters select as CSV (the error category filtered here, as in the table). */
export async function exportCsv() {
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
}
