import { z } from 'zod';
import { doc, SmsfleetError } from '@smsfleet/core';
import { MediaUrls } from '../../media/media-urls';
import { errorResponses } from '../schemas';
import type { ZodApp } from '../zod-app';

/** Types a browser shows inline without running anything; any other is served as a download. */
const INLINE = /^(image\/(jpeg|png|gif|webp|bmp|heic|heif)|audio\/[\w.+-]+|video\/[\w.+-]+|text\/plain)$/;

/** `GET /v1/media/:id`: an inbound MMS attachment, for whoever holds its signed URL, until the URL expires. */
export function getMedia(app: ZodApp): void {
  const urls = new MediaUrls(app.store, app.config.server.publicUrl);
  app.get(
    '/media/:id',
    {
      config: { scope: 'public' },
      schema: {
        tags: ['media'],
        summary: 'Download an MMS attachment',
        description:
          'The URL comes signed in `sms.received` (`media[].url`) and works without an API key until its `expires` ' +
          "(the text's retention). A changed, forged or expired URL: 403 SMSFLEET_ERR_MEDIA_URL_INVALID.",
        params: z.strictObject({ id: doc(z.string().min(1).max(120), 'Media id', 'med_01jd3k2m4n5p6q7r8s9t0v1w2x') }),
        querystring: z.object({
          expires: doc(z.string().max(20).optional(), 'Expiry of the URL, epoch ms (signed)', '1767225600000'),
          sig: doc(z.string().max(100).optional(), 'HMAC-SHA256 of the id and expiry, base64url', '3q2-7w'),
        }),
        response: { 200: z.any().describe('The bytes, with their content type'), ...errorResponses(403, 404) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const now = app.clock.now();
      const verdict = await urls.verify(id, request.query.expires, request.query.sig, now);
      if (verdict !== 'ok') {
        throw new SmsfleetError(
          'SMSFLEET_ERR_MEDIA_URL_INVALID',
          verdict === 'expired' ? 'This media URL has expired.' : 'This media URL is not valid.',
          {
            field: verdict === 'expired' ? 'query.expires' : 'query.sig',
            reason: verdict === 'expired' ? 'the URL is past its expiry' : 'the signature does not match',
          },
        );
      }
      const m = await app.store.media.get(id, now);
      if (!m)
        throw new SmsfleetError('SMSFLEET_ERR_NOT_FOUND', 'No such media (deleted with its text).', {
          field: 'params.id',
          reason: 'unknown or past its retention',
        });
      // Sent by a stranger: never run it on the hub's origin (the dashboard lives here).
      const inline = INLINE.test(m.contentType);
      return reply
        .header('content-type', inline ? m.contentType : 'application/octet-stream')
        .header('content-disposition', inline ? 'inline' : `attachment; filename="${id}"`)
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-store')
        .send(Buffer.from(m.bytes));
    },
  );
}
