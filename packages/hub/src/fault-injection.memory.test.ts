import { faultInjectionSuite } from './testing/fault-injection-suite';
import { memoryStoreCase } from './testing/stores';

// Every store call of one message's life, failed in turn, on the memory store (see testing/fault-injection-suite.ts).
faultInjectionSuite(memoryStoreCase);
