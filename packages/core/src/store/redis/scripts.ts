import { loadScript } from './lua-loader';

/** Every script of the Redis store, by the name its callers use; the sources are `lua/<verb>-<keys>.lua`. */
export const SCRIPTS = {
  createMessage: loadScript('createMessage', 'create-message-2'),
  casMessage: loadScript('casMessage', 'cas-message-2'),
  markLink: loadScript('markLink', 'mark-link-1'),
  linkMessage: loadScript('linkMessage', 'link-message-2'),
  markReport: loadScript('markReport', 'mark-report-1'),
  purgeRecord: loadScript('purgeRecord', 'purge-record-n'),
  createLink: loadScript('createLink', 'create-link-1'),
  linkHit: loadScript('linkHit', 'link-hit-2'),
  linkVisits: loadScript('linkVisits', 'link-visits-n'),
  countHits: loadScript('countHits', 'count-hits-n'),
  markAnnounced: loadScript('markAnnounced', 'mark-announced-n'),
  delIfEquals: loadScript('delIfEquals', 'del-if-equals-1'),
  setIfEquals: loadScript('setIfEquals', 'set-if-equals-1'),
  setIfEqualsAt: loadScript('setIfEqualsAt', 'set-if-equals-at-1'),
  hashCas: loadScript('hashCas', 'hash-cas-1'),
  contactCas: loadScript('contactCas', 'contact-cas-3'),
  recordDelivery: loadScript('recordDelivery', 'record-delivery-3'),
  putApiKey: loadScript('putApiKey', 'put-api-key-2'),
  apiKeyByHash: loadScript('apiKeyByHash', 'api-key-by-hash-2'),
  reserveBudget: loadScript('reserveBudget', 'reserve-budget-2'),
  restampBudget: loadScript('restampBudget', 'restamp-budget-2'),
  budgetUsed: loadScript('budgetUsed', 'budget-used-1'),
  reserveCapped: loadScript('reserveCapped', 'reserve-capped-n'),
  releaseBudget: loadScript('releaseBudget', 'release-budget-n'),
  budgetStanding: loadScript('budgetStanding', 'budget-standing-n'),
  recordRollup: loadScript('recordRollup', 'record-rollup-n'),
  sumRollup: loadScript('sumRollup', 'sum-rollup-n'),
  foldRollup: loadScript('foldRollup', 'fold-rollup-1'),
  budgetUsage: loadScript('budgetUsage', 'budget-usage-1'),
  indexMessage: loadScript('indexMessage', 'index-message-2'),
};

/**
 * The job queue's scripts: each takes the six keys of one queue partition (see queue/redis.ts), or the one key of a
 * partitioned queue's due board (queue/redis-board.ts).
 */
export const QUEUE_SCRIPTS = {
  enqueue: loadScript('queueEnqueue', 'enqueue-6'),
  enqueueIfAbsent: loadScript('queueEnqueueIfAbsent', 'enqueue-if-absent-6'),
  enqueueClaimedIfAbsent: loadScript('queueEnqueueClaimedIfAbsent', 'enqueue-claimed-if-absent-6'),
  claim: loadScript('queueClaim', 'claim-6'),
  reschedule: loadScript('queueReschedule', 'reschedule-6'),
  remove: loadScript('queueRemove', 'remove-6'),
  nextDueAt: loadScript('queueNextDueAt', 'next-due-at-6'),
  markDue: loadScript('queueMarkDue', 'mark-due-1'),
  settleDue: loadScript('queueSettleDue', 'settle-due-2'),
  announceDue: loadScript('queueAnnounceDue', 'announce-due-2'),
  dueBoard: loadScript('queueDueBoard', 'due-partitions-2'),
};

/**
 * The shas of the scripts that take keys of several hash tags: run only on a single node (where every slot is on one
 * server), never on a Cluster, by the code that calls them.
 */
export const SINGLE_NODE_SCRIPTS: ReadonlySet<string> = new Set([SCRIPTS.linkMessage.sha]);
