/**
 * @smsfleet/fleet-sim: simulated Android phones speaking the real SMS gateway protocols (sms-gate cloud
 * and local server, httpSMS, textbee, MySMSGate), with seeded faults and a ground-truth record.
 */
export { startFleet, type Fleet } from './fleet';
export { LIMIT_EXCEEDED } from './phone';
/** Public types: options, phone specs, faults, timing, credentials. */
export type {
  CloudGateway,
  OutageSpec,
  RandomOutages,
  FailureSpec,
  FaultConfig,
  FleetOptions,
  GatewayCredentials,
  GatewayEndpoint,
  PhoneGateway,
  PhoneSpec,
  SimClock,
  SimPhone,
  SimSpec,
  TimingConfig,
  WebhookRetryConfig,
  WebhookTargetFault,
} from './types';
export {
  GroundTruth,
  type SimAttachment,
  type TruthAttempt,
  type TruthFilter,
  type TruthInbound,
  type TruthMessage,
  type TruthReport,
  type TruthState,
} from './truth';
export { DEFAULT_FAULTS, DEFAULT_TIMING, realClock, scaledSimClock } from './runtime';
export { VirtualSimClock } from './virtual-clock';
export { RETRY_POLICIES, type RetryPolicy } from './webhook-dispatcher';
export { partsCount } from './segments';
export { SegmentLimiter } from './sim-limit';
export { Prng } from './prng';
export { PhoneHeartbeat, smsGatePingPayload, type PhoneVitals } from './heartbeat';
export {
  mySmsGateSignature,
  MYSMSGATE_EVENT_HEADER,
  MYSMSGATE_SIGNATURE_HEADER,
  MYSMSGATE_TIMESTAMP_HEADER,
} from './gateways/mysmsgate';
export { SG_EVENTS } from './gateways/sms-gate-model';
export { HS_EVENTS } from './gateways/httpsms';
export { TB_EVENTS } from './gateways/textbee';
export { startWebhookReceiver, type WebhookReceiver, type ReceivedWebhook } from './webhook-receiver';
export { startTruthServer, truthSnapshot, type TruthServer, type TruthSnapshot } from './truth-server';
export { describeFleet, readSpec, READY_PREFIX, type FleetDescription } from './cli/main';
