import { isoTime, stableId, type LoggedHit, type OutboundEvent, type ShortLink } from '@smsfleet/core';

/**
 * The id of the `link.clicked` event of hit `hitId` on link `linkId`: the same for the same hit on every hub and every
 * version, so an announcement repeated after a crash (even across an upgrade) reaches a receiver as one event.
 */
export function clickEventId(linkId: string, hitId: string, at: number): string {
  return stableId('evt', `link.clicked:${linkId}:${hitId}`, new Date(at));
}

type ClickData = Extract<OutboundEvent, { type: 'link.clicked' }>['data'];

/**
 * The events {@link clickedEvent} builds: valid by construction (see {@link isBuiltClickEvent}). Their class is their
 * mark, which no copy keeps (a spread or a parsed copy is a plain object): a WeakSet of them cost more per click than
 * building the event, and every event it held made work for the collector.
 */
class BuiltClickEvent {
  // Assigned in the constructor in this order: the order of the event's JSON.
  declare id: string;
  declare type: 'link.clicked';
  declare timestamp: string;
  declare data: ClickData;
  constructor(id: string, timestamp: string, data: ClickData) {
    this.id = id;
    this.type = 'link.clicked';
    this.timestamp = timestamp;
    this.data = data;
  }
}

/**
 * True for an event that {@link clickedEvent} built, from a stored link (checked against its schema when created) and
 * a logged hit: such an event needs no check of its own against `OutboundEvent` (a test parses built events and finds
 * them unchanged), which spares the publisher a schema parse per click.
 */
export function isBuiltClickEvent(e: OutboundEvent): boolean {
  return e instanceof BuiltClickEvent;
}

/** The `link.clicked` event of hit `h`: one id per hit, however often it is published. */
export function clickedEvent(
  link: ShortLink,
  h: LoggedHit,
  firstClick: boolean,
  campaign: string | undefined,
): OutboundEvent {
  const at = isoTime(h.at);
  const data: ClickData = {
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
  return new BuiltClickEvent(clickEventId(link.id, h.id, h.at), at, data);
}
