type Obj = Record<string, unknown>;

/**
 * The Slack notice of a `device.offline` or `device.online` event: which phone, why, when it was last heard from and
 * its battery when known. Offline says that texts go to the other phones meanwhile.
 */
export function deviceNotice(type: 'device.offline' | 'device.online', d: Obj): string {
  const who = `*${d.name ?? d.deviceId}* (${d.deviceId}, ${d.gateway})`;
  const battery = typeof d.batteryLevel === 'number' ? `, battery ${d.batteryLevel}%` : '';
  const seen = d.lastSeenAt ? `, last seen ${d.lastSeenAt}` : '';
  if (type === 'device.offline')
    return (
      `:red_circle: Phone ${who} went offline: ${d.reason}${seen}${battery}. ` +
      'Texts go to the other phones meanwhile.'
    );
  return `:large_green_circle: Phone ${who} is back online (${d.reason})${battery}.`;
}
