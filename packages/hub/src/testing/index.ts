/** Test support for the hub and for packages that test against it. */
export { ManualClock } from './manual-clock';
export { startReceiver, type WebhookReceiver, type ReceivedWebhook } from './receiver';
export { testConfig } from './test-config';
export { startTestHub, type TestHub } from './hub';
export { storeCases, memoryStoreCase, redisStoreCase, redisClusterStoreCase, type StoreCase } from './stores';
export { startSimHub, SIM_PHONES, SIM_INVALID_PREFIX, type SimHub } from './sim-hub';
export { fleetConfigFromSim } from './from-sim';
export { rig, waitForStatus, freePort, FAST, INVALID, type Rig } from './pipeline-rig';
