import type { FastifyInstance } from 'fastify';
import type { SimAttachment } from '../truth';
import { HttpError } from './http-util';

/**
 * The parts of MMS an httpSMS account's phones received, served as httpSMS lists them in a message's `attachments`:
 * `GET /v1/attachments/{user}/{message}/{index}` (behind the server's `x-api-key` check, as every route).
 */
export class HttpSmsAttachments {
  private readonly parts = new Map<string, SimAttachment[]>();

  constructor(
    app: FastifyInstance,
    private readonly userId: string,
  ) {
    app.get('/v1/attachments/:user/:id/:index', async (req, reply) => {
      const { user, id, index } = req.params as { user: string; id: string; index: string };
      const part = user === this.userId ? this.parts.get(id)?.[Number(index)] : undefined;
      if (!part) throw new HttpError(404, `cannot find attachment [${index}] of message [${id}]`);
      return reply.header('content-type', part.contentType).send(part.bytes);
    });
  }

  /** Keep the parts of message `id`; their URLs on the server at `baseUrl`. */
  add(baseUrl: string, id: string, parts: SimAttachment[]): string[] {
    this.parts.set(id, parts);
    return parts.map((_p, i) => `${baseUrl}/v1/attachments/${this.userId}/${id}/${i}`);
  }
}
