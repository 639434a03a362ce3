/**
 * Test-only entry: the Store contract suite every adapter must pass. Import it from test files only
 * (it calls jest's `describe`/`it`/`expect` and uses fast-check, a dev dependency).
 */
export { describeStoreContract, type StoreContractOptions, type StoreFactory } from './contract';
