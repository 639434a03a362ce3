import type { HubClient, HubEventType } from '@smsfleet/client';

/** The hub events the Slack app shows. */
const EVENTS: HubEventType[] = [
  'message.status_changed',
  'sms.received',
  'link.clicked',
  'contact.opted_out',
  'device.offline',
  'device.online',
];

/**
 * Subscribe to the hub once per app URL; every instance and restart reuses it (kept in a hub binding, first writer
 * wins: an instance that loses the race deletes its own subscription). Returns the signing secret.
 */
export async function subscribeToHub(hub: HubClient, url: string): Promise<string> {
  const key = Buffer.from(url).toString('base64url').slice(0, 180);
  const known = await hub.binding('slack-app', key);
  if (known) {
    const s = JSON.parse(known) as { id: string; secret: string };
    if (await hub.subscription(s.id)) return s.secret;
  }
  const sub = await hub.subscribe({ url, events: EVENTS, description: 'Slack app' });
  const claim = await hub.claim(
    'slack-app',
    known ? `${key}.${sub.id}` : key,
    JSON.stringify({ id: sub.id, secret: sub.secret }),
  );
  if (!claim.created) {
    await hub.unsubscribe(sub.id).catch(() => undefined); // the other instance's subscription is the one kept
    return (JSON.parse(claim.value) as { secret: string }).secret;
  }
  return sub.secret;
}
