import {
  canFetchMedia,
  MEDIA_MAX_BYTES,
  stableId,
  type GatewayAdapter,
  type GatewayAttachment,
  type InboundMedia,
  type Store,
} from '@smsfleet/core';

/** What {@link keepAttachments} needs: the store's media, and the connection's adapter to fetch URLs with. */
export interface KeepAttachmentsDeps {
  store: Pick<Store, 'media'>;
  adapter?: GatewayAdapter;
  logger?: { warn(obj: object, msg: string): void };
}

/**
 * Keep the attachments of inbound MMS `inboundId` in the store's media until `expiresAt` (the text's retention): the
 * bytes the gateway sent inline, or those it serves at a URL (fetched through the connection's adapter, from the
 * gateway's own origin only). Each gets an id derived from the text's and its place, so a retried webhook writes the
 * same items. An attachment that cannot be kept (no bytes, too large, the gateway would not serve it) is left out and
 * logged: the text itself is never held back by its pictures.
 */
export async function keepAttachments(
  deps: KeepAttachmentsDeps,
  inboundId: string,
  attachments: readonly GatewayAttachment[],
  expiresAt: number,
): Promise<InboundMedia[]> {
  const kept: InboundMedia[] = [];
  for (const [i, a] of attachments.entries()) {
    const id = stableId('med', `${inboundId}:${i}`);
    try {
      const got = await bytesOf(deps, a);
      if (!got) throw new Error('the gateway sent neither its bytes nor a URL this hub can fetch');
      if (got.bytes.length > MEDIA_MAX_BYTES) throw new Error(`${got.bytes.length} bytes, over ${MEDIA_MAX_BYTES}`);
      await deps.store.media.put({ id, contentType: got.contentType, bytes: got.bytes, expiresAt });
      kept.push({ id, contentType: got.contentType, size: got.bytes.length });
    } catch (e) {
      deps.logger?.warn({ err: e, inboundId, part: i }, 'MMS attachment not kept');
    }
  }
  return kept;
}

async function bytesOf(
  deps: KeepAttachmentsDeps,
  a: GatewayAttachment,
): Promise<{ bytes: Uint8Array; contentType: string } | undefined> {
  if (a.data) return { bytes: new Uint8Array(Buffer.from(a.data, 'base64')), contentType: a.contentType };
  if (a.url && deps.adapter && canFetchMedia(deps.adapter)) {
    const got = await deps.adapter.fetchAttachment(a.url, MEDIA_MAX_BYTES);
    // The gateway's own word on the type wins over the generic one a URL-only listing gives.
    return a.contentType !== 'application/octet-stream' ? { ...got, contentType: a.contentType } : got;
  }
  return undefined;
}
