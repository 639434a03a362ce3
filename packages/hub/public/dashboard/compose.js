// Compose: the live character and part counter with the API's warnings, and sending with each problem under its field.
import { api } from './api.js';
import { loadTemplatePicker, messageContent, showRendered, showTemplate, templateProblem } from './compose-template.js';
import { show } from './nav.js';
import { remember, state } from './state.js';
import { $, $$, el, problemText } from './view.js';

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
  const body = { to: f.to.value.trim(), ...messageContent(f) };
  if (f.deviceId.value) body.deviceId = f.deviceId.value;
  if (f.sim.value) body.sim = Number(f.sim.value);
  if (f.sendAt.value) body.sendAt = new Date(f.sendAt.value).toISOString();
  if (f.trackLinks.checked) body.trackLinks = true;
  return body;
}
async function preview(asIs = true) {
  const b = composeBody();
  if (!b.body && !b.templateId) {
    $('#counter').textContent = '0 characters · 0 parts · GSM-7';
    return;
  }
  const to = asIs ? b.to : '';
  try {
    const p = await api('POST', '/v1/messages/preview', { ...b, to: to || '+14155550100' });
    $('#counter').textContent =
      `${p.characters} characters · ${p.segments} part${p.segments === 1 ? '' : 's'} · ${p.encoding}` +
      (p.ucs2Characters.length ? ` — UCS-2 because of: ${p.ucs2Characters.join(' ')}` : '');
    showRendered(p);
    $('#warnings').replaceChildren(
      ...p.warnings.filter((w) => to || w.code !== 'SMSFLEET_ERR_OPTED_OUT').map((w) => el('li', {}, w.message)),
    );
  } catch (e) {
    // A number still being typed must not freeze the counter: count the text without it (Send names the number's
    // problem).
    const missing = templateProblem(e);
    if (missing) $('#err-vars').textContent = missing;
    else if (e.status < 500 && /\.to$|^to$/.test(e.body.field ?? '')) {
      if (asIs) await preview(false);
    } else if (e.status < 500 && e.body.field) $('#counter').textContent = e.message;
  }
}
/** Showing Compose puts the cursor in To, and offers the stored templates. */
export async function loadCompose() {
  $('#c-to').focus();
  await loadTemplatePicker();
}
/** An edit: its field's errors go, and the counter follows once typing pauses. */
export function inputCompose(e) {
  clearErrorsOf(e.target.name);
  if (e.target.name === 'templateId') showTemplate();
  clearTimeout(previewTimer);
  previewTimer = setTimeout(preview, 200);
}
/** A change (a select, the date): its field's errors go. */
export function changeCompose(e) {
  clearErrorsOf(e.target.name);
}
/** Send: check what the API would refuse anyway, send, and open the conversation; or name each problem. */
export async function submitCompose(e) {
  e.preventDefault();
  clearErrors();
  $('#compose-result').textContent = '';
  const b = composeBody();
  let bad = false;
  if (!b.to) {
    showFieldError('to', 'Enter a phone number, e.g. +14155550123.');
    bad = true;
  }
  if (!b.templateId && !b.body.trim()) {
    showFieldError('body', 'Write a message.');
    bad = true;
  }
  if (bad) return;
  try {
    const m = remember(await api('POST', '/v1/messages', b));
    $('#compose-result').textContent = `Sent to ${m.to} (${m.status}).`;
    $('#compose').reset();
    showTemplate();
    $('#counter').textContent = '0 characters · 0 parts · GSM-7';
    $('#warnings').replaceChildren();
    state.contact = m.to;
    await show('conversations');
  } catch (err) {
    const missing = templateProblem(err);
    if (missing) return showFieldError('vars', missing);
    const issues = err.body.issues?.length ? err.body.issues : [{ field: err.body.field, reason: err.body.reason }];
    // One issue: the API's message says it best; several: each field gets its own reason.
    if (issues.length === 1) showFieldError(issues[0].field, problemText(err.message, issues[0].reason));
    else for (const i of issues) showFieldError(i.field, problemText('', i.reason));
  }
}
