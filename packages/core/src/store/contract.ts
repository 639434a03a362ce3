import type { Store } from './port';
import { budgetContract } from './contract/budgets.contract';
import { entityContract } from './contract/entities.contract';
import type { ContractContext, StoreContractOptions, StoreFactory } from './contract/fixtures';
import { linkContract } from './contract/links.contract';
import { listContract } from './contract/list.contract';
import { logContract } from './contract/logs.contract';
import { messageContract } from './contract/messages.contract';
import { outboxContract } from './contract/outbox.contract';
import { queueContract } from './contract/queue.contract';

export type { StoreContractOptions, StoreFactory } from './contract/fixtures';

/** The delivery log cap the contract asks factories for. */
const OPTIONS: StoreContractOptions = { deliveryLogCap: 12 };

/**
 * The one contract every Store adapter must pass (in the shape of hono's `router/common.case.test.ts`):
 * each adapter's test file calls this with a factory, and every case runs against a fresh, empty store.
 * Covers every repo's operations, bad input (typed errors, nothing written), copies, and concurrency
 * (no lost update, no over-reservation, no double claim). Test-only: it uses jest globals and fast-check.
 *
 * @param name shown in the test names, e.g. `memory` or `redis`
 * @param make builds a fresh store with the given options and a cleanup that releases it
 */
export function describeStoreContract(name: string, make: StoreFactory): void {
  describe(`Store contract: ${name}`, () => {
    let current: { store: Store; cleanup(): Promise<void> } | undefined;
    const ctx: ContractContext = {
      get store(): Store {
        if (!current) throw new Error('the store is only available inside a test');
        return current.store;
      },
      options: OPTIONS,
    };

    beforeEach(async () => {
      current = await make(OPTIONS);
    });
    afterEach(async () => {
      const c = current;
      current = undefined;
      await c?.cleanup();
    });

    messageContract(ctx);
    outboxContract(ctx);
    listContract(ctx);
    entityContract(ctx);
    queueContract(ctx);
    budgetContract(ctx);
    logContract(ctx);
    linkContract(ctx);
  });
}
