import type { GatewayWebhookReceiver } from './contract-receiver';
import type { GatewayAdapter, GatewaySendRequest } from './port';

/** A gateway-neutral state of one SMS, as a test double's ground truth records it. */
export type TruthState = 'queued' | 'picked' | 'sent' | 'delivered' | 'failed' | 'expired' | 'cancelled';

/** What really happened, looked up by the id the adapter returned. */
export interface ContractTruth {
  message(gatewayMessageId: string):
    | {
        state: TruthState;
        recipient: string;
        sim: number;
        parts: number;
        failure?: { code: string; permanent: boolean };
      }
    | undefined;
  /** Messages the gateway created for `recipient`. */
  countTo(recipient: string): number;
  /** Webhook reports the gateway dispatched about the message (all hooks, all events). */
  reportsAbout(gatewayMessageId: string): number;
  /** Resolve once the message reaches one of `states`. */
  waitFor(gatewayMessageId: string, states: TruthState[]): Promise<void>;
}

/** What a gateway offers, which decides what the contract expects. */
export interface ContractFeatures {
  /** local: the adapter talks to the phone itself; cloud: to a server that queues for the phone. */
  mode: 'local' | 'cloud';
  /** `dedupe`: a reused client id returns the first message; `echo`: the id comes back on reports; `none`. */
  clientIds: 'dedupe' | 'echo' | 'none';
  cancel: boolean;
  /** The signature covers the body (false for httpSMS, whose JWT names only sender and URL). */
  signsBody: boolean;
  /** Seconds a signed webhook stays valid; undefined when the gateway signs no time (textbee). */
  replayWindowS?: number;
  /** `delivered` arrives once per segment (sms-gate). */
  deliveredPerSegment: boolean;
  /** The `sent` report carries the phone's partsCount. */
  sentCarriesParts: boolean;
  /** How the gateway tells the phone is alive: periodic ping, on/offline events, or not at all. */
  heartbeat: 'ping' | 'online-events' | 'none';
}

/** One adapter wired to a test double (or a real gateway) for the contract suite. */
export interface GatewayContractSubject {
  adapter: GatewayAdapter;
  /** The same gateway with wrong credentials. */
  badAuth: GatewayAdapter;
  /** Receives the gateway's webhooks and parses them with `adapter` on arrival. */
  receiver: GatewayWebhookReceiver;
  /** Where `send` goes: the phone and SIM fields of a send request. */
  target: Pick<GatewaySendRequest, 'gatewayDeviceId' | 'sim' | 'from'>;
  /** A number the network rejects (permanent failure). */
  invalidNumber: string;
  /** A recipient no earlier test used. */
  freshNumber(): string;
  truth: ContractTruth;
  phone: {
    deviceId: string;
    simNumber: string;
    setOnline(b: boolean): void;
    setDozing(b: boolean): void;
    receiveSms(from: string, body: string, sim?: number): void;
  };
  /** The gateway's clock. */
  now(): Date;
  close(): Promise<void>;
}
