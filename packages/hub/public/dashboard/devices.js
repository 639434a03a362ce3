// Devices: each phone's health, last sign of life, SIM usage this minute and failures.
import { api } from './api.js';
import { loadFleetAdmin, removeButton } from './devices-admin.js';
import { $, cells, el } from './view.js';
import { healthBadge, lastSignOfLife, simFailureRates } from './device-health.js';

/** Load the phones and each one's failure rate into the table. */
export async function loadDevices() {
  const devices = (await api('GET', '/v1/devices')).items;
  const rates = await Promise.all(devices.map((d) => api('GET', `/v1/metrics?deviceId=${encodeURIComponent(d.id)}`)));
  const simRates = await Promise.all(devices.map(simFailureRates));
  $('#devices-table tbody').replaceChildren(
    ...devices.map((d, i) =>
      el(
        'tr',
        { dataset: { id: d.id } },
        ...cells(
          [
            'Phone',
            el(
              'span',
              {},
              el('strong', {}, d.name ?? d.id),
              ...((d.name ?? d.id).includes(d.gateway) ? [] : [' ', el('span', { class: 'tag' }, d.gateway)]),
            ),
          ],
          ['Health', healthBadge(d)],
          ['Last seen', lastSignOfLife(d)],
          [
            'SIMs',
            d.sims
              .map(
                (s) =>
                  `SIM ${s.slot}${s.number ? ` ${s.number}` : ''}: ${s.usedLastMinute}/${s.segmentsPerMinute}` +
                  caps(s),
              )
              .join(' · '),
          ],
          [
            'Failures',
            `${d.consecutiveFailures} · failure rate ` +
              (rates[i].handedOver ? `${Math.round((rates[i].failed / rates[i].handedOver) * 100)}%` : '–'),
          ],
          ['Failures per SIM, last hour', simRates[i]],
          ['Actions', removeButton(d, loadDevices)],
        ),
      ),
    ),
  );
  await loadFleetAdmin(loadDevices);
}

/** A SIM's daily, monthly and distinct-recipient caps with their use: ` (today 120/500, recipients 87/200 a month)`. */
function caps(s) {
  const parts = [];
  if (s.segmentsPerDay) parts.push(`today ${s.usedToday ?? 0}/${s.segmentsPerDay}`);
  if (s.segmentsPerMonth) parts.push(`this month ${s.usedThisMonth ?? 0}/${s.segmentsPerMonth}`);
  const u = s.uniqueRecipientsUsed;
  if (u) parts.push(`recipients ${u.count}/${u.limit} a ${u.period}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}
