import type { InboundSms } from '../../schemas';
import type { Page, PageArgs } from '../port';

/** Texts the phones received. */
export interface InboundRepo {
  /** Store an inbound text (replacing one with the same id). */
  add(sms: InboundSms): Promise<void>;
  get(id: string): Promise<InboundSms | undefined>;
  /** Newest first. */
  list(
    filter: { from?: string; deviceId?: string; since?: Date; until?: Date },
    page?: PageArgs,
  ): Promise<Page<InboundSms>>;
}
