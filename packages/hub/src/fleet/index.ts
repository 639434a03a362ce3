export * from './fleet-config';
export * from './fleet-registry';
export * from './from-sim';
