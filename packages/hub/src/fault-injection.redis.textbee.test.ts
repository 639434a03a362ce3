import { faultInjectionSuite } from './testing/fault-injection-suite';
import { redisStoreCase } from './testing/stores';

// Every store call of one message's life through textbee, failed in turn, on the redis store. One file per
// gateway: the Redis lives are the suite's longest, and jest gives each file to a free worker (see
// testing/fault-injection-suite.ts).
faultInjectionSuite(redisStoreCase, ['textbee']);
