export * from './report-processor';
export * from './report-batcher';
export * from './tracker';
