import { z } from 'zod';
import { doc } from './doc';

const ContentType = doc(z.string().min(3).max(121), 'MIME type of the part', 'image/jpeg');
const Size = doc(z.number().int().min(0), 'Size in bytes', 48213);

/**
 * An attachment of an inbound MMS as a gateway reports it: its bytes inline (base64, sms-gate's `mms:downloaded`) or a
 * URL the gateway serves them at (httpSMS). Normalised, before the hub stores it.
 */
export const GatewayAttachment = z
  .object({
    contentType: ContentType,
    size: Size.optional(),
    name: doc(z.string().max(255).optional(), 'File name, when the phone gave one', 'IMG_0042.jpg'),
    data: doc(z.string().optional(), 'The bytes, base64', '/9j/4AAQSkZJRg=='),
    url: doc(z.string().url().optional(), 'Where the gateway serves the bytes', 'https://api.example.com/a/1.jpg'),
  })
  .describe('An MMS attachment as the gateway reported it');
export type GatewayAttachment = z.infer<typeof GatewayAttachment>;

/** An attachment of an inbound text as the hub keeps it (the bytes are in the store's media, under `id`). */
export const InboundMedia = z
  .object({
    id: doc(z.string().min(1).max(120), 'Media id in the store', 'med_01jd3k2m4n5p6q7r8s9t0v1w2x'),
    contentType: ContentType,
    size: Size,
  })
  .describe('An attachment of an inbound MMS, kept by the hub');
export type InboundMedia = z.infer<typeof InboundMedia>;

/** An attachment of an inbound MMS in `sms.received`: a signed URL that expires with the text's retention. */
export const MediaLink = z
  .object({
    url: doc(
      z.string(),
      "Signed URL of the bytes on the hub; it expires with the text's retention",
      'https://sms.example.com/v1/media/med_01jd3k2m4n5p6q7r8s9t0v1w2x?expires=1767225600000&sig=3q2-7w',
    ),
    contentType: ContentType,
    size: Size,
  })
  .describe('An MMS attachment: where to download it');
export type MediaLink = z.infer<typeof MediaLink>;
