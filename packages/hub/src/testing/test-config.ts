import { loadConfig, type Env, type HubConfig } from '../config';

/**
 * A configuration for tests: silent logs, a short retry schedule without jitter (1s, 2s, 4s: four attempts),
 * a 2 s attempt timeout, alarm after 3 failures. `env` overrides any of it.
 */
export function testConfig(env: Env = {}): HubConfig {
  return loadConfig({
    SMSFLEET_LOG_LEVEL: 'silent',
    SMSFLEET_WEBHOOK_RETRY_SCHEDULE: '1s,2s,4s',
    SMSFLEET_WEBHOOK_JITTER: '0',
    SMSFLEET_WEBHOOK_TIMEOUT: '2s',
    SMSFLEET_WEBHOOK_LEASE: '10s',
    SMSFLEET_WEBHOOK_POLL: '50ms',
    SMSFLEET_WEBHOOK_ALARM_AFTER: '3',
    ...env,
  });
}
