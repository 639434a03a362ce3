// Pure helpers of the dashboard: DOM building and the words shown for messages, devices and API problems.
export const $ = (sel, root = document) => root.querySelector(sel);
export const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];
export const el = (tag, props = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') e.className = v;
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c ?? '')));
  return e;
};
/** Table cells from [label, content] pairs; the label heads the cell where a narrow screen shows rows as cards. */
export const cells = (...pairs) => pairs.map(([label, content]) => el('td', { 'data-label': label }, content));
/** A device's name, with its gateway unless the name already says it. */
export const deviceLabel = (d) => {
  const name = d.name ?? d.id;
  return name.includes(d.gateway) ? name : `${name} (${d.gateway})`;
};
/** Why a message failed, in the phone's words when there are any. */
// The catalogue's explanation reads the same for the same failure on every gateway; the gateway's own words vary.
export const reason = (m) => (m.failure ? (m.failure.explanation ?? m.failure.rawReason ?? m.failure.code) : '');
/** The status line under an outbound bubble. */
export const tickText = (m) =>
  ({
    delivered: '✓✓ delivered',
    sent: '✓ sent',
    failed: `✗ failed: ${reason(m)}`,
    undelivered: `✗ not delivered: ${reason(m)}`,
    expired: '✗ expired',
    rejected: `✗ rejected: ${reason(m)}`,
    cancelled: 'cancelled',
    scheduled: '🕒 scheduled',
  })[m.status] ?? `… ${m.status}`;
/** How often the links of a message were clicked ('' for none). */
export const clicksText = (m) => {
  const n = m.engagement?.clicks ?? 0;
  return n ? `${n} click${n === 1 ? '' : 's'}` : '';
};
/**
 * The API's words for one field problem, once: its message already carries the reason ("Invalid body.to: the phone
 * number has no country code…"), and the field's name is the label next to the error.
 */
export function problemText(message, reason) {
  let text = (message ?? '').replace(/^Invalid [\w.[\]]+: /, '');
  if (reason && !text.includes(reason)) text = text ? `${text}: ${reason}` : reason;
  return text.charAt(0).toUpperCase() + text.slice(1);
}
