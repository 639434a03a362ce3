/**
 * Gateway adapters: the one port through which the hub talks to phones, one adapter per gateway kind
 * (sms-gate, httpSMS, textbee, MySMSGate), their connection schemas, and the factory.
 */
export * from './port';
export * from './gateway-send-error';
export * from './connection';
export * from './factory';
export { SmsGateConnection, SmsGateAuth, SMS_GATE_CLOUD_URL } from './sms-gate/connection';
export { SmsGateAdapter } from './sms-gate/adapter';
export {
  SMS_GATE_EVENTS,
  SMS_GATE_REPLAY_WINDOW_S,
  parseSmsGateWebhook,
  verifySmsGateSignature,
} from './sms-gate/webhook';
export { HttpSmsConnection, HTTPSMS_CLOUD_URL } from './httpsms/connection';
export { HttpSmsAdapter } from './httpsms/adapter';
export {
  HTTPSMS_EVENTS,
  HTTPSMS_CLOCK_SKEW_S,
  parseHttpSmsEvent,
  verifyHttpSmsJwt,
  type HttpSmsJwtExpectation,
} from './httpsms/webhook';
export { TextbeeConnection, TEXTBEE_CLOUD_URL } from './textbee/connection';
export { TextbeeAdapter } from './textbee/adapter';
export { TEXTBEE_EVENTS, parseTextbeeWebhook, verifyTextbeeSignature } from './textbee/webhook';
export { MySmsGateConnection, MYSMSGATE_CLOUD_URL } from './mysmsgate/connection';
export { MySmsGateAdapter } from './mysmsgate/adapter';
export { MYSMSGATE_REPLAY_WINDOW_S, parseMySmsGateWebhook, verifyMySmsGateSignature } from './mysmsgate/webhook';
export { DiscoveredPhone } from './discovered-phone';
export { canDiscover, discoverPhones } from './discover';
export { unregisterWebhooks } from './unregister-webhooks';
