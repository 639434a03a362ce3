import { stableId, type LoggedHit, type OutboundEvent, type ShortLink } from '@smsfleet/core';
import { isoTime } from './iso-time';

/**
 * The id of the `link.clicked` event of hit `hitId` on link `linkId`: the same for the same hit on every hub and every
 * version, so an announcement repeated after a crash (even across an upgrade) reaches a receiver as one event.
 */
export function clickEventId(linkId: string, hitId: string, at: number): string {
  return stableId('evt', `link.clicked:${linkId}:${hitId}`, new Date(at));
}

/** Events {@link clickedEvent} built: valid by construction (see {@link isBuiltClickEvent}). */
const built = new WeakSet<OutboundEvent>();

/**
 * True for an event that {@link clickedEvent} built, from a stored link (checked against its schema when created) and
 * a logged hit: such an event needs no check of its own against `OutboundEvent` (a test parses built events and finds
 * them unchanged), which spares the publisher a schema parse per click.
 */
export function isBuiltClickEvent(e: OutboundEvent): boolean {
  return built.has(e);
}

/** The `link.clicked` event of hit `h`: one id per hit, however often it is published. */
export function clickedEvent(
  link: ShortLink,
  h: LoggedHit,
  firstClick: boolean,
  campaign: string | undefined,
): OutboundEvent {
  const at = isoTime(h.at);
  const data: Extract<OutboundEvent, { type: 'link.clicked' }>['data'] = {
    messageId: link.messageId,
    to: link.to,
    linkId: link.id,
    url: link.url,
    clickedAt: at,
    firstClick,
  };
  // Set one by one: spreading a fresh object per optional field made garbage on every click.
  if (link.reference) data.reference = link.reference;
  if (link.metadata) data.metadata = link.metadata;
  if (campaign) data.campaign = campaign;
  if (link.tags) data.tags = link.tags;
  const e: OutboundEvent = { id: clickEventId(link.id, h.id, h.at), type: 'link.clicked', timestamp: at, data };
  built.add(e);
  return e;
}
