import { SmsfleetError } from '../../errors';
import { RETENTION_GRACE_MS, type RedisKeys } from '../redis/keys';
import type { RedisClient } from '../redis/lua';
import { SCRIPTS } from '../redis/scripts';

/**
 * Link a gateway id to a message: the link field is marked on the message before the link key is written (so purge
 * finds every link it must delete, see keys.ts), and the link expires with the message. One script call on a single
 * node, which holds both keys; on a Cluster the link key is in another slot, so the mark and the SET go apart (two
 * round trips). `SMSFLEET_ERR_NOT_FOUND` when there is no such message (nothing written).
 */
export async function linkGateway(
  redis: RedisClient,
  keys: RedisKeys,
  gateway: string,
  gatewayMessageId: string,
  messageId: string,
): Promise<void> {
  const field = keys.linkField(gateway, gatewayMessageId);
  const hash = keys.message(messageId).hash;
  const link = keys.linkFromField(field);
  const r =
    redis.isCluster === false
      ? await SCRIPTS.linkMessage.run(redis, [hash, link], [field, messageId, RETENTION_GRACE_MS])
      : await SCRIPTS.markLink.run(redis, [hash], [field]);
  if (r === -1)
    throw new SmsfleetError('SMSFLEET_ERR_NOT_FOUND', `No message ${messageId} to link a gateway id to.`, {
      field: 'messageId',
      reason: 'no such message',
    });
  if (r === 1) return; // the single node's script wrote the link too
  if (r === '') await redis.set(link, messageId);
  else await redis.set(link, messageId, 'PXAT', Number(r) + RETENTION_GRACE_MS);
}
