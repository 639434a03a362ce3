import type { FastifyBaseLogger } from 'fastify';
import type { Store, TransitionPorts } from '@smsfleet/core';
import { QUEUES } from '../queues';
import type { EventPublisher } from '../webhooks/publisher';

/** What a hub component that changes message status has: the store slice, the publisher and a logger. */
export interface TransitionDeps {
  store: Pick<Store, 'messages' | 'queue' | 'rollups'>;
  publisher: Pick<EventPublisher, 'publish'>;
  logger?: Pick<FastifyBaseLogger, 'warn'>;
}

/**
 * The ports of core's `transition` in the hub: the messages, the webhook publisher, and the message's tracking job
 * (the track queue, added only if absent: a job a tracker holds keeps its lease and its due time).
 */
export function transitionPorts(deps: TransitionDeps): TransitionPorts {
  const { store, publisher, logger } = deps;
  return {
    store,
    publisher,
    ensureTracked: (messageId, dueAt) =>
      store.queue.enqueueIfAbsent(QUEUES.track, { id: messageId, dueAt, payload: { messageId } }),
    ...(logger ? { logger: { warn: (obj: object, msg: string) => logger.warn(obj, msg) } } : {}),
  };
}
