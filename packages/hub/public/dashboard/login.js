// Logging in: the key is checked against /v1/account, then the shell, the phones and the live stream come up.
import { api } from './api.js';
import { connectLive } from './live.js';
import { show } from './nav.js';
import { applyScopes, can } from './scopes.js';
import { state } from './state.js';
import { $, deviceLabel, el } from './view.js';

/** Log in with `key`: keep it for the tab, show the shell with the phones to choose from, go live. */
export async function login(key) {
  state.key = key;
  const account = await api('GET', '/v1/account');
  sessionStorage.setItem('smsfleet-key', key);
  // The brand already says smsfleet: the fleet's name only when it is another (SMSFLEET_FLEET_NAME's default is
  // smsfleet).
  const fleet = account.fleetName.trim();
  $('#fleet-name').textContent = fleet.toLowerCase() === 'smsfleet' ? '' : fleet;
  $('#login').hidden = true;
  $('#shell').hidden = false;
  const first = applyScopes(account);
  // Phones and the live stream are reads: a send-only key composes without them.
  state.devices = can('read') ? (await api('GET', '/v1/devices')).items : [];
  for (const sel of ['#c-device', '#f-device'])
    for (const d of state.devices) $(sel).append(el('option', { value: d.id }, `${deviceLabel(d)} · ${d.health}`));
  if (can('read')) connectLive();
  if (first) await show(first);
}

/** The login form's submit: an empty or refused key is said under the field. */
export async function submitLogin(e) {
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
}
