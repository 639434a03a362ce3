export * from './error-codes';
export * from './smsfleet-error';
export * from './validate';
