export * from './precedence';
export * from './gateway-status';
export * from './apply';
export * from './timeouts';
