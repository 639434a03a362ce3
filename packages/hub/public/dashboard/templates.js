// Templates: the stored message templates with their merge fields. Reading needs `read`; creating and deleting need
// `send` (as the hub enforces), so a key without it sees the list alone.
import { ApiError, api } from './api.js';
import { can } from './scopes.js';
import { $, el, problemText } from './view.js';

/** A template's merge fields as they are written in its text, or a word saying there are none. */
export const fieldsText = (t) => (t.fields.length ? t.fields.map((f) => `{{${f}}}`).join(', ') : 'no merge fields');

function say(text) {
  $('#tpl-error').textContent = text;
}
// The API's words for a refused write, naming the field it is about.
function refused(e) {
  if (!(e instanceof ApiError)) return String(e);
  const issue = e.body.issues?.[0] ?? { reason: e.body.reason };
  return problemText(e.message, issue.reason);
}

function item(t) {
  const remove = can('send')
    ? el(
        'button',
        {
          type: 'button',
          class: 'delete',
          'aria-label': `Delete template ${t.name}`,
          onclick: async () => {
            say('');
            try {
              await api('DELETE', `/v1/templates/${encodeURIComponent(t.id)}`);
              await loadTemplates();
            } catch (e) {
              say(refused(e));
            }
          },
        },
        'Delete',
      )
    : '';
  return el(
    'li',
    { dataset: { id: t.id } },
    el('strong', { class: 'tpl-name' }, t.name),
    ' ',
    remove,
    el('p', { class: 'tpl-body' }, t.body),
    el('p', { class: 'tpl-fields muted' }, `Merge fields: ${fieldsText(t)}`),
  );
}

/** Load the templates into the list; the create form and the delete buttons only for a key that may write. */
export async function loadTemplates() {
  $('#template-form').hidden = !can('send');
  const { items } = await api('GET', '/v1/templates');
  $('#templates-list').replaceChildren(
    ...(items.length ? items.map(item) : [el('li', { class: 'muted' }, 'No templates yet.')]),
  );
}

/** Create a template from the form's name and text; the hub refuses a text it cannot fill (e.g. `{{#section}}`). */
export async function submitTemplate(e) {
  e.preventDefault();
  say('');
  const name = $('#tpl-name').value.trim();
  const body = $('#tpl-body').value;
  if (!name || !body.trim()) {
    say('Give the template a name and a text.');
    return;
  }
  try {
    await api('POST', '/v1/templates', { name, body });
    e.target.reset();
    await loadTemplates();
  } catch (err) {
    say(refused(err));
  }
}
