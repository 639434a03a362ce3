export * from './fleet-config';
export * from './fleet-registry';
export * from './fleet-watch';
export * from './fleet-admin';
