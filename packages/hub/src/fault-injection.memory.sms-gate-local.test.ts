import { faultInjectionSuite } from './testing/fault-injection-suite';
import { memoryStoreCase } from './testing/stores';

// Every store call of one message's life through sms-gate-local, failed in turn, on the memory store. One file per
// gateway, as on Redis, so jest's two workers share the enumeration out evenly (see testing/fault-injection-suite.ts).
faultInjectionSuite(memoryStoreCase, ['sms-gate-local']);
