// Devices page, fleet editing (a key with the `devices` scope): add a phone behind a connection, add a connection,
// discover the phones of a connection and add the ones picked, remove a phone or a connection. Secrets are write-only:
// the connection list shows which are set, never their values.
import { ApiError, api } from './api.js';
import { can } from './scopes.js';
import { $, el } from './view.js';

/** The API's words for a refusal, naming the field when it names one. */
function says(e) {
  if (!(e instanceof ApiError)) return String(e);
  const issues = e.body.issues?.length ? e.body.issues : e.body.field ? [e.body] : [];
  const fields = issues.map((i) => `${i.field}: ${i.reason}`).join('; ');
  return `${e.body.code ?? `HTTP ${e.status}`}: ${fields || e.message}`;
}

/** Run `call`, say how it went in `#fleet-note`, and reload the page on success. */
async function act(done, call, reload) {
  const note = $('#fleet-note');
  try {
    await call();
    note.textContent = done;
    await reload();
  } catch (e) {
    note.textContent = says(e);
  }
}

const input = (id, label, props = {}) => el('div', {}, el('label', { for: id }, label), el('input', { id, ...props }));

/** The remove button of a device row (empty for a key without the `devices` scope). */
export function removeButton(d, reload) {
  if (!can('devices')) return '';
  return el(
    'button',
    {
      class: 'remove-device',
      title: 'Queued texts go to other phones; texts asked for this phone fail with a reason',
      onclick: () => act(`Removed ${d.id}`, () => api('DELETE', `/v1/devices/${encodeURIComponent(d.id)}`), reload),
    },
    'Remove',
  );
}

function addPhoneForm(connections, reload) {
  const form = el(
    'form',
    { id: 'add-device', class: 'row', 'aria-label': 'Add a phone' },
    input('ad-id', 'Device id', { required: '', placeholder: 'pixel-8' }),
    input('ad-name', 'Name', { required: '', placeholder: 'Pixel 8 (front desk)' }),
    el(
      'div',
      {},
      el('label', { for: 'ad-connection' }, 'Connection'),
      el('select', { id: 'ad-connection' }, ...connections.map((c) => el('option', { value: c.id }, c.id))),
    ),
    input('ad-gateway-id', "Gateway's device id", { placeholder: 'optional' }),
    input('ad-number', 'SIM 1 number', { placeholder: '+15550100001' }),
    input('ad-per-minute', 'SIM 1 segments per minute', { type: 'number', min: '1', value: '30' }),
    el('div', { class: 'actions' }, el('button', { type: 'submit' }, 'Add phone')),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const v = (id) => $(`#${id}`).value.trim();
    const body = {
      id: v('ad-id'),
      name: v('ad-name'),
      connectionId: v('ad-connection'),
      ...(v('ad-gateway-id') ? { gatewayDeviceId: v('ad-gateway-id') } : {}),
      sims: [
        {
          slot: 1,
          ...(v('ad-number') ? { number: v('ad-number') } : {}),
          segmentsPerMinute: Number(v('ad-per-minute') || 30),
        },
      ],
    };
    return act(`Added ${body.id}`, () => api('POST', '/v1/devices', body), reload);
  });
  return form;
}

function addConnectionForm(reload) {
  const form = el(
    'form',
    { id: 'add-connection', class: 'row', 'aria-label': 'Add a connection' },
    input('ac-id', 'Connection id', { required: '', placeholder: 'textbee-shop' }),
    el(
      'div',
      {},
      el('label', { for: 'ac-settings' }, 'Settings (JSON, with credentials)'),
      el('textarea', {
        id: 'ac-settings',
        rows: '3',
        placeholder: '{"kind": "textbee", "apiKey": "…", "webhookSigningSecret": "…"}',
      }),
    ),
    el('div', { class: 'actions' }, el('button', { type: 'submit' }, 'Add connection')),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const id = $('#ac-id').value.trim();
    return act(
      `Added connection ${id}`,
      async () => {
        let connection;
        try {
          connection = JSON.parse($('#ac-settings').value);
        } catch {
          throw new Error('Settings: not valid JSON');
        }
        await api('POST', '/v1/connections', { id, connection });
      },
      reload,
    );
  });
  return form;
}

function connectionItem(c, reload) {
  const found = el('ul', { class: 'discovered' });
  const discover = async () => {
    const note = $('#fleet-note');
    try {
      const phones = (await api('POST', '/v1/connections/discover', { connectionId: c.id })).items;
      note.textContent = `${c.id}: ${phones.length} phone(s) found`;
      found.replaceChildren(
        ...phones.map((p) =>
          el(
            'li',
            { dataset: { gatewayId: p.gatewayDeviceId } },
            `${p.name} ${p.numbers.join(', ')} `,
            p.deviceId
              ? el('span', { class: 'muted' }, `added as ${p.deviceId}`)
              : el(
                  'button',
                  {
                    class: 'add-found',
                    onclick: () =>
                      act(
                        `Added ${p.suggested.id ?? p.gatewayDeviceId}`,
                        () => api('POST', '/v1/devices', { ...p.suggested, connectionId: c.id }),
                        reload,
                      ),
                  },
                  'Add',
                ),
          ),
        ),
      );
    } catch (e) {
      note.textContent = says(e);
    }
  };
  const remove = () =>
    act(`Removed connection ${c.id}`, () => api('DELETE', `/v1/connections/${encodeURIComponent(c.id)}`), reload);
  return el(
    'li',
    { dataset: { id: c.id } },
    el('strong', {}, c.id),
    ` ${c.kind} · ${c.devices.length} phone(s) · secrets set: ${c.secrets.join(', ') || 'none'} `,
    el('button', { class: 'discover', onclick: discover }, 'Find phones'),
    ' ',
    el('button', { class: 'remove-connection', onclick: remove }, 'Remove'),
    found,
  );
}

/** Draw the fleet editing part of the Devices page (nothing for a key without the `devices` scope). */
export async function loadFleetAdmin(reload) {
  const view = $('#view-devices');
  if (!can('devices')) return;
  const connections = (await api('GET', '/v1/connections')).items;
  // After the await: of two loads racing, the later one's part stays, and the note of the last action survives it.
  const said = $('#fleet-note')?.textContent ?? '';
  $('#fleet-admin')?.remove();
  view.append(
    el(
      'div',
      { id: 'fleet-admin' },
      el('p', { id: 'fleet-note', class: 'note', role: 'status' }, said),
      el('h2', {}, 'Add a phone'),
      addPhoneForm(connections, reload),
      el('h2', {}, 'Connections'),
      el('ul', { id: 'connections', class: 'subs' }, ...connections.map((c) => connectionItem(c, reload))),
      el('h2', {}, 'Add a connection'),
      addConnectionForm(reload),
    ),
  );
}
