// Compose with a stored template: the picker, one input per merge field, and the text the hub would send (from the
// preview). A field with no value is the hub's coded error naming it: the page never fills a gap itself.
import { api } from './api.js';
import { can } from './scopes.js';
import { $, $$, el } from './view.js';

const MISSING = 'SMSFLEET_ERR_TEMPLATE_FIELD_MISSING';
let templates = [];
const chosen = () => templates.find((t) => t.id === $('#c-template').value);

/** Fill the picker with the stored templates (a key without `read` may not list them: no picker then). */
export async function loadTemplatePicker() {
  const pick = $('#c-template');
  pick.parentElement.hidden = !can('read');
  templates = can('read') ? (await api('GET', '/v1/templates')).items : [];
  const was = pick.value;
  pick.replaceChildren(
    el('option', { value: '' }, 'None: write the text'),
    ...templates.map((t) => el('option', { value: t.id }, t.name)),
  );
  pick.value = templates.some((t) => t.id === was) ? was : '';
  showTemplate();
}

/** Show the chosen template's merge field inputs in place of the text box (values typed so far are kept). */
export function showTemplate() {
  const t = chosen();
  for (const n of [$('#c-body'), $('label[for="c-body"]')]) n.hidden = Boolean(t);
  const typed = Object.fromEntries($$('#c-vars input').map((i) => [i.dataset.var, i.value]));
  $('#c-vars').replaceChildren(
    ...(t?.fields ?? []).flatMap((f) => [
      el('label', { for: `c-var-${f}` }, `{{${f}}}`),
      // Not named `vars`: leaving an input must not wipe the hub's error (the next preview replaces it), or the Send
      // button would move under the pointer mid-click.
      el('input', { id: `c-var-${f}`, name: `var-${f}`, dataset: { var: f }, value: typed[f] ?? '' }),
    ]),
  );
  $('#c-vars').hidden = !t;
  $('#c-rendered').hidden = !t;
  $('#c-rendered').textContent = '';
}

/** What the send carries instead of `body` when a template is chosen: its id and the values typed (blank: none). */
export function messageContent(form) {
  const t = chosen();
  if (!t) return { body: form.body.value };
  const vars = {};
  for (const i of $$('#c-vars input')) if (i.value.trim()) vars[i.dataset.var] = i.value;
  return { templateId: t.id, vars };
}

/** The preview's filled text under the inputs; its error (if any) is gone. */
export function showRendered(p) {
  if (!chosen()) return;
  $('#c-rendered').textContent = p.body;
  $('#err-vars').textContent = '';
  for (const i of $$('#c-vars input')) i.removeAttribute('aria-invalid');
}

/**
 * The hub's missing-field error as shown: its code, its message, and each field it names marked invalid; undefined
 * for any other error.
 */
export function templateProblem(err) {
  if (err.body?.code !== MISSING) return undefined;
  const missing = (err.body.issues ?? []).map((i) => i.field.split('.').pop());
  for (const i of $$('#c-vars input'))
    if (missing.includes(i.dataset.var)) i.setAttribute('aria-invalid', 'true');
    else i.removeAttribute('aria-invalid');
  $('#c-rendered').textContent = '';
  return `${MISSING}: ${err.message}`;
}
