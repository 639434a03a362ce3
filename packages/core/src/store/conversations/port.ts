import type { Conversation } from '../../schemas';

/** Which SIM talks to which contact, for conversation continuity and reply capture. */
export interface ConversationRepo {
  /** The conversation of `contact` on one SIM. */
  get(contact: string, deviceId: string, sim: number): Promise<Conversation | undefined>;
  /** The conversation of `contact` most recently written (the router's continuity choice). */
  latest(contact: string): Promise<Conversation | undefined>;
  /** Write a conversation and make it the contact's latest. */
  put(conversation: Conversation): Promise<void>;
}
