import type { Cluster } from 'ioredis';
import { connectTestCluster, deleteClusterKeys } from '../../testing/redis-cluster';
import { describeStoreContract } from '../testing';
import { runBeforeNextSettle } from '../queue/redis-board';
import { createRedisStore } from './redis-store';
import { randomPrefix } from './test-support';

// The whole Store contract on a 3-master Redis Cluster (`npm test` starts one): every key of a step must sit in one
// slot, every MULTI and Lua script in one, and reads that span slots must ask the right masters.
let conn: Cluster;
beforeAll(() => {
  conn = connectTestCluster();
});
afterAll(() => conn.quit());

describeStoreContract('redis-cluster', async (opts) => {
  const prefix = randomPrefix();
  const store = createRedisStore({ redis: conn, prefix, partitions: 16, ...opts });
  return {
    store,
    duringNextClaim: runBeforeNextSettle,
    async cleanup() {
      await store.close();
      await deleteClusterKeys(conn, prefix);
    },
  };
});
