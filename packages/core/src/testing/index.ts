/** Test-only helpers (they use jest globals): the shared Store contract suite. Import from `@smsfleet/core/testing`. */
export * from '../store/testing';
export {
  createFaultStore,
  type FaultStore,
  type FaultMode,
  type FaultTarget,
  type StoreCall,
} from '../store/fault/fault-store';
export { holdStore, type HoldIo } from '../store/fault/held-store';
/** A real Redis Cluster for tests: its nodes (from `npm test`), connections, and keys per master. */
export {
  clusterMasters,
  connectTestCluster,
  deleteClusterKeys,
  keysPerMaster,
  scanNode,
  TEST_CLUSTER_VAR,
  testClusterNodes,
} from './redis-cluster';
