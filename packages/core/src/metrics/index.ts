export * from './engagement-metrics';
export * from './histogram';
export * from './rollup-state';
export * from './rollup-figures';
