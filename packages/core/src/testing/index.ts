/** Test-only helpers (they use jest globals): the shared Store contract suite. Import from `@smsfleet/core/testing`. */
export * from '../store/testing';
export {
  createFaultStore,
  type FaultStore,
  type FaultMode,
  type FaultTarget,
  type StoreCall,
} from '../store/fault/fault-store';
