import { apiKeysContract } from './api-keys/api-keys.contract';
import { bindingsContract } from './bindings/bindings.contract';
import { budgetContract } from './budgets/budgets.contract';
import { capsContract } from './budgets/caps.contract';
import { contactsContract } from './contacts/contacts.contract';
import type { ContractContext, StoreContractOptions, StoreFactory } from './contract/fixtures';
import { purgeContract } from './contract/purge.contract';
import { conversationsContract } from './conversations/conversations.contract';
import { countersContract } from './counters/counters.contract';
import { dedupeContract } from './dedupe/dedupe.contract';
import { deliveriesContract } from './deliveries/deliveries.contract';
import { devicesContract } from './devices/devices.contract';
import { connectionsContract } from './connections/connections.contract';
import { inboundContract } from './inbound/inbound.contract';
import { linksContract } from './links/links.contract';
import { mediaContract } from './media/media.contract';
import { messageListContract } from './messages/list.contract';
import { messageContract } from './messages/messages.contract';
import { outboxContract } from './messages/outbox.contract';
import { messageReportContract } from './messages/report.contract';
import type { Store } from './port';
import { queueContract } from './queue/queue.contract';
import { rollupsContract } from './rollups/rollups.contract';
import { signalsContract } from './signals/signals.contract';
import { subscriptionsContract } from './subscriptions/subscriptions.contract';
import { templatesContract } from './templates/templates.contract';
import { vouchedCreateContract } from './shared/vouched.contract';

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
    let current: Awaited<ReturnType<StoreFactory>> | undefined;
    const ctx: ContractContext = {
      get store(): Store {
        if (!current) throw new Error('the store is only available inside a test');
        return current.store;
      },
      options: OPTIONS,
      get duringNextClaim() {
        return current?.duringNextClaim;
      },
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
    vouchedCreateContract(ctx);
    messageReportContract(ctx);
    messageListContract(ctx);
    inboundContract(ctx);
    devicesContract(ctx);
    connectionsContract(ctx);
    contactsContract(ctx);
    conversationsContract(ctx);
    subscriptionsContract(ctx);
    deliveriesContract(ctx);
    apiKeysContract(ctx);
    queueContract(ctx);
    budgetContract(ctx);
    capsContract(ctx);
    countersContract(ctx);
    dedupeContract(ctx);
    linksContract(ctx);
    bindingsContract(ctx);
    mediaContract(ctx);
    signalsContract(ctx);
    purgeContract(ctx);
    rollupsContract(ctx);
    templatesContract(ctx);
  });
}
