export { HealthMonitor, healthCheckEvery, type HealthMonitorSettings } from './health-monitor';
export { HEALTH_CLAIM_MS, healthEvent, publishHealthChanges, type PublishHealthDeps } from './health-events';
export { recordHeartbeat, type RecordHeartbeatDeps } from './record-heartbeat';
