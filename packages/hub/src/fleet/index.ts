export * from './fleet-config';
export * from './fleet-registry';
