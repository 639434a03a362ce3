export * from './events';
export * from './send-service';
export * from './dispatcher';
export * from './report-processor';
export * from './report-batcher';
export * from './tracker';
export * from './worker-loop';
