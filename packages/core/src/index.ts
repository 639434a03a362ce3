/**
 * @smsfleet/core: the domain of smsfleet. Schemas (zod, the single source of truth), phone numbers,
 * segments, the status model, the error catalogue, gateway adapters, the fleet router and the Store port.
 */
export * from './errors';
export * from './schemas';
export * from './ids';
export * from './clock';
export * from './store';
export * from './phone';
export * from './segments';
export * from './status';
export * from './failures';
export * from './router';
export * from './gateways';
export * from './links';
export * from './compliance';
export * from './replies';
export * from './metrics';
export * from './iso-time';
export * from './templates';
