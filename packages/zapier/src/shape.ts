/** Flat, Zap-friendly items: the same shape from a webhook (`perform`) and from recent data (`performList`). */

type Obj = Record<string, unknown>;
const str = (v: unknown) => (v === undefined || v === null ? undefined : String(v));
const clean = (o: Obj): Obj => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** A `message.status_changed` event, or a message from the list, as one status item (id `messageId:status`). */
export function statusItem(d: Obj, eventId?: string): Obj {
  const failure = (d.failure ?? {}) as Obj;
  const from = (d.from ?? {}) as Obj;
  const messageId = str(d.messageId ?? d.id);
  return clean({
    id: `${messageId}:${d.status}`,
    eventId,
    messageId,
    to: d.to,
    status: d.status,
    previousStatus: d.previousStatus,
    failureCode: failure.code,
    failureCategory: failure.category,
    failureReason: failure.explanation ?? failure.rawReason,
    failureGatewayReason: failure.rawReason,
    failurePermanent: failure.permanent,
    reference: d.reference,
    campaign: d.campaign,
    tags: Array.isArray(d.tags) ? d.tags.join(',') : undefined,
    deviceId: d.deviceId ?? from.deviceId,
    sim: d.sim ?? from.sim,
    segments: d.segments,
    at: d.at ?? d.updatedAt,
    metadata: d.metadata,
  });
}

/** An `sms.received` event, or an inbox item. */
export function inboundItem(d: Obj, eventId?: string): Obj {
  const r = (d.inReplyTo ?? {}) as Obj;
  return clean({
    id: str(d.inboundId ?? d.id),
    eventId,
    from: d.from,
    to: d.to,
    body: d.body,
    deviceId: d.deviceId,
    sim: d.sim,
    receivedAt: d.receivedAt,
    keyword: d.keyword,
    inReplyToMessageId: r.messageId,
    inReplyToReference: r.reference,
    inReplyToCampaign: r.campaign,
    ...mediaFields(d.media),
  });
}

/**
 * An MMS's attachments: line items (`media`: url, contentType, size), and the first URL and all URLs as plain fields
 * for a Zap step that takes one file or a list. The URLs are signed and work without a key until the text's retention.
 */
function mediaFields(media: unknown): Obj {
  const items = Array.isArray(media) ? (media as Obj[]).filter((m) => typeof m?.url === 'string') : [];
  if (items.length === 0) return {};
  return {
    media: items.map((m) => clean({ url: m.url, contentType: m.contentType, size: m.size })),
    mediaUrl: items[0]!.url,
    mediaUrls: items.map((m) => String(m.url)).join(','),
  };
}

/** A `link.clicked` event, or a clicked message from the list. */
export function clickItem(d: Obj, eventId?: string): Obj {
  const e = (d.engagement ?? {}) as Obj;
  return clean({
    id: eventId ?? `${d.id}:click:${e.clicks}`,
    eventId,
    messageId: d.messageId ?? d.id,
    to: d.to,
    url: d.url,
    linkId: d.linkId,
    clickedAt: d.clickedAt ?? e.firstClickAt,
    firstClick: d.firstClick,
    reference: d.reference,
    campaign: d.campaign,
    clicks: e.clicks,
  });
}

/** A `contact.opted_out` event, or an opted-out contact from the list. */
export function optOutItem(d: Obj, eventId?: string): Obj {
  const r = (d.inReplyTo ?? {}) as Obj;
  return clean({
    id: eventId ?? `${d.phone}:${d.optedOutAt}`,
    eventId,
    phone: d.phone,
    keyword: d.keyword,
    source: d.source,
    at: d.at ?? d.optedOutAt,
    inReplyToMessageId: r.messageId,
    inReplyToReference: r.reference,
  });
}
