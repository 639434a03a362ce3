import { describeStoreContract } from '../testing';
import { createMemoryStore } from './memory-store';

describeStoreContract('memory', async (opts) => {
  const store = createMemoryStore(opts);
  return { store, cleanup: () => store.close() };
});
