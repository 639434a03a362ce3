import { z } from 'zod';
import { parseOrThrow } from '../../errors/validate';
import type { GatewayReport } from '../../schemas/events';
import type { GatewayAttachment } from '../../schemas/media';
import { badField, isoTime } from '../webhook-util';

const optStr = z.string().optional().nullable();
const Attachment = z.looseObject({
  partId: z.union([z.number(), z.string()]).optional().nullable(),
  contentType: z.string().min(3).max(121),
  name: optStr,
  data: optStr,
  size: z.number().int().min(0).optional().nullable(),
});
const DownloadedPayload = z.looseObject({
  messageId: optStr,
  phoneNumber: optStr,
  sender: optStr,
  recipient: optStr,
  simNumber: z.number().int().min(1).optional().nullable(),
  subject: optStr,
  body: optStr,
  attachments: z.array(Attachment).max(20),
  receivedAt: optStr,
});

/**
 * An sms-gate `mms:downloaded` event (the MMS fully downloaded by the phone: its text and its parts, each with its
 * bytes base64 when the phone sent them) as an inbound report with `media`. `mms:received` carries only metadata (no
 * text, no parts) and is followed by this one, so the hub uses this one alone. A part without bytes is kept without
 * them: the hub cannot fetch it and says so.
 */
export function parseMmsDownloaded(
  payload: unknown,
  base: { gateway: 'sms-gate'; deviceId: string; gatewayEventId: string },
  signedAt: Date,
): GatewayReport[] {
  const p = parseOrThrow(DownloadedPayload, payload, 'body.payload');
  const from = p.sender ?? p.phoneNumber;
  if (!from) throw badField('body.payload.sender', 'is required');
  const media: GatewayAttachment[] = p.attachments.map((a) => ({
    contentType: a.contentType,
    ...(a.name ? { name: a.name.slice(0, 255) } : {}),
    ...(a.data ? { data: a.data } : {}),
    ...(typeof a.size === 'number' ? { size: a.size } : {}),
  }));
  return [
    {
      ...base,
      kind: 'inbound',
      from,
      body: p.body ?? p.subject ?? '',
      at: isoTime(p.receivedAt, 'body.payload.receivedAt', signedAt),
      ...(p.messageId ? { gatewayMessageId: p.messageId } : {}),
      ...(p.recipient ? { to: p.recipient } : {}),
      ...(p.simNumber && p.simNumber <= 2 ? { sim: p.simNumber } : {}),
      ...(media.length ? { media } : {}),
    },
  ];
}
