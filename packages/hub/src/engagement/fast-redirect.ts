import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Clock } from '@smsfleet/core';
import type { ClickOutcome, ClickTracker } from './clicks';

/** What the fast path learnt of a request it passed on to the route: the visit it already made, or its error. */
export type PassedVisit = { outcome: ClickOutcome } | { error: unknown };

/** The short-link paths the fast path takes: a code of letters and digits (the only codes the hub makes). */
const LINK_PATH = /^\/l\/([0-9A-Za-z]{1,64})(?:\?.*)?$/;

/** Options of {@link installFastRedirect}. */
export interface FastRedirectOptions {
  clicks: ClickTracker;
  clock: Clock;
  /**
   * Called for each 302 the fast path answers, with the request's method and how long it took in seconds (for the HTTP
   * request metrics: the count and the duration histogram).
   */
  onRedirect?: (method: string, seconds: number) => void;
  /** The request id the answer carries in `x-request-id`, as fastify's would (default: a random UUID). */
  requestId?: (req: IncomingMessage) => string;
  /** Where the visits the fastify route must finish are left for it (the route reads them by request). */
  passed: WeakMap<IncomingMessage, PassedVisit>;
}

/**
 * The redirect's fast path, in front of fastify on `server`: a plain `GET`/`HEAD /l/<code>` from a direct peer is
 * resolved, logged and answered 302 here, without fastify's routing, hooks and reply machinery, which cost more CPU
 * than the visit. Everything else goes to fastify as before: other paths, codes of another shape (the route's coded
 * 400), requests without Host, and clients behind a trusted proxy (fastify reads their address). So do the answers
 * that are not a 302 (unknown code, expired link, store error): the visit made here is passed on with the request, so
 * the route answers with its coded error without visiting (and logging a hit) twice.
 */
export function installFastRedirect(server: Server, opts: FastRedirectOptions): void {
  const handlers = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  if (handlers.length !== 1) return; // not the server layout this knows: leave it all to fastify
  const fastify = handlers[0]!;
  server.removeListener('request', fastify);
  const requestId = opts.requestId ?? (() => randomUUID());
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const code = linkCode(req);
    if (code === undefined) return fastify(req, res);
    const t0 = performance.now();
    opts.clicks
      .visit(
        code,
        { method: req.method!, userAgent: req.headers['user-agent'], ip: req.socket.remoteAddress },
        new Date(opts.clock.now()),
      )
      .then(
        (outcome) => {
          if (outcome.kind !== 'redirect') {
            opts.passed.set(req, { outcome });
            return fastify(req, res);
          }
          // Headers as a flat list: node copies no object into its header table then.
          res.writeHead(302, [
            'location',
            outcome.url,
            'cache-control',
            'no-store',
            'content-length',
            '0',
            'x-request-id',
            requestId(req),
          ]);
          res.end();
          opts.onRedirect?.(req.method!, (performance.now() - t0) / 1000);
        },
        (error: unknown) => {
          opts.passed.set(req, { error });
          fastify(req, res);
        },
      );
  });
}

/** The code of a request the fast path takes, else undefined. */
function linkCode(req: IncomingMessage): string | undefined {
  if (req.method !== 'GET' && req.method !== 'HEAD') return undefined;
  const url = req.url;
  if (url === undefined || url.charCodeAt(1) !== 108 /* l */ || url.charCodeAt(2) !== 47 /* / */) return undefined;
  // HTTP/1.1 requires Host: fastify's hook answers its absence with a coded 400.
  if (req.headers.host === undefined) return undefined;
  return LINK_PATH.exec(url)?.[1];
}
