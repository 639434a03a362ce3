// Edit a message not yet handed over (PATCH /v1/messages/:id): its text and schedule, from its timeline.
import { api } from './api.js';
import { el, problemText } from './view.js';

/** True while the phone's gateway does not have `m` yet: the API takes edits until the hand-over. */
export const editable = (m) => (m.status === 'queued' || m.status === 'scheduled') && !m.gatewayMessageId;

// A `datetime-local` value (the browser's time zone) for an ISO time.
const localInput = (iso) => {
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

/**
 * The edit form of message `m`; `done(message)` runs after a saved edit (the caller shows the timeline again). A
 * refusal (the phone has it already, a bad field) is shown under the form in the API's words.
 */
export function editForm(m, done) {
  const error = el('p', { class: 'field-error', role: 'alert', id: 'edit-error' });
  const body = el('textarea', { id: 'edit-body', name: 'body', rows: '3' });
  body.value = m.body;
  const when = el('input', { id: 'edit-when', name: 'sendAt', type: 'datetime-local' });
  if (m.sendAt) when.value = localInput(m.sendAt);
  const form = el(
    'form',
    { id: 'edit-message', 'aria-label': 'Edit message', novalidate: '' },
    el('h3', {}, 'Edit before it is sent'),
    el('label', { for: 'edit-body' }, 'Text'),
    body,
    el('label', { for: 'edit-when' }, 'Send at'),
    when,
    el('button', { type: 'submit' }, 'Save changes'),
    error,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    const changes = {};
    if (body.value !== m.body) changes.body = body.value;
    // The input shows minutes: an untouched one must not move the time by its seconds.
    if (when.value && when.value !== (m.sendAt ? localInput(m.sendAt) : ''))
      changes.sendAt = new Date(when.value).toISOString();
    if (!Object.keys(changes).length) {
      error.textContent = 'Nothing changed.';
      return;
    }
    try {
      done(await api('PATCH', `/v1/messages/${encodeURIComponent(m.id)}`, changes));
    } catch (err) {
      error.textContent = problemText(err.message, err.body.reason);
    }
  });
  return form;
}
