// Device health: a badge per phone (online, dozing, offline; battery and network when the gateway reports them), kept
// live by the hub's device.offline / device.online events, and each SIM's failure rate over the last hour.
import { api } from './api.js';
import { $$, el } from './view.js';

const HOUR = 3_600_000;

/** The badge's words: health, then battery and network when known. */
function badgeText(d) {
  const battery = typeof d.batteryLevel === 'number' ? ` · ${d.batteryLevel}%${d.charging ? ' charging' : ''}` : '';
  const net = d.connectivity ? ` · ${d.cellular && d.connectivity === 'cellular' ? d.cellular : d.connectivity}` : '';
  return `${d.health}${battery}${net}`;
}

/** What the badge says on hover: the last heartbeat and the reason of the last change, when known. */
function badgeTitle(d) {
  const beat = d.lastHeartbeatAt
    ? `last heartbeat ${new Date(d.lastHeartbeatAt).toLocaleString()}`
    : 'no heartbeat yet';
  return d.reason ? `${beat}; ${d.reason}` : beat;
}

/** A phone's health badge; the live stream updates it in place (`data-device-id`). */
export function healthBadge(d) {
  return el(
    'span',
    { class: `badge health-${d.health}`, dataset: { deviceId: d.id, health: d.health }, title: badgeTitle(d) },
    badgeText(d),
  );
}

/** The last sign of life: the later of the last heartbeat and the last time the phone was seen. */
export function lastSignOfLife(d) {
  const t = [d.lastSeenAt, d.lastHeartbeatAt].filter(Boolean).map((x) => Date.parse(x));
  return t.length ? new Date(Math.max(...t)).toLocaleString() : '–';
}

/**
 * Each SIM's failure rate over the last hour, from the hub's roll-ups (`/v1/metrics` per device and SIM; hourly
 * buckets, so "the last hour" is this hour and the one before): `SIM 1 0% · SIM 2 –`.
 */
export async function simFailureRates(d) {
  const since = new Date(Date.now() - HOUR).toISOString();
  const rates = await Promise.all(
    d.sims.map((s) =>
      api('GET', `/v1/metrics?deviceId=${encodeURIComponent(d.id)}&sim=${s.slot}&since=${encodeURIComponent(since)}`),
    ),
  );
  return el(
    'span',
    { class: 'sim-failures', dataset: { deviceId: d.id } },
    d.sims
      .map((s, i) => {
        const r = rates[i];
        return `SIM ${s.slot} ${r.handedOver ? `${Math.round((r.failed / r.handedOver) * 100)}%` : '–'}`;
      })
      .join(' · '),
  );
}

/** Keep every health badge in step with the hub's device.offline / device.online events. */
export function watchDeviceHealth(src) {
  for (const type of ['device.offline', 'device.online']) {
    src.addEventListener(type, (ev) => {
      const d = JSON.parse(ev.data).data;
      for (const b of $$(`.badge[data-device-id="${CSS.escape(d.deviceId)}"]`)) {
        const shown = { ...b.dataset, health: d.health, batteryLevel: d.batteryLevel, reason: d.reason };
        b.className = `badge health-${d.health}`;
        b.dataset.health = d.health;
        b.textContent = badgeText({ health: d.health, batteryLevel: d.batteryLevel });
        b.title = badgeTitle(shown);
      }
    });
  }
}
