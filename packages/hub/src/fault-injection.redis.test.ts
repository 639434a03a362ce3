import { faultInjectionSuite } from './testing/fault-injection-suite';
import { redisStoreCase } from './testing/stores';

// Every store call of one message's life, failed in turn, on the redis store (see testing/fault-injection-suite.ts).
faultInjectionSuite(redisStoreCase);
