export * from '../queues';
export * from './send-service';
export * from './dispatcher';
export * from './worker-loop';
export * from './create-outbox';
export * from './sweeper';
