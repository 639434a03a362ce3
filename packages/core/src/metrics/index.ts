export * from './engagement-metrics';
