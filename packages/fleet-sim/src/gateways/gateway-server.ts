import type { FastifyInstance } from 'fastify';
import type { Phone } from '../phone';
import type { FaultConfig } from '../types';
import type { GatewayContext } from './context';
import { createServer, listen, type ErrorShaper } from './http-util';

/**
 * What every simulated gateway server shares: a fastify app answering errors in the gateway's own shape, the base URL
 * it listens on, the phones it serves, and how faults apply to the webhooks it sends.
 */
export abstract class GatewayServer {
  readonly app: FastifyInstance;
  /** Where the server listens, once started. */
  baseUrl = '';

  protected constructor(
    protected readonly ctx: GatewayContext,
    shape: ErrorShaper,
  ) {
    this.app = createServer(shape);
  }

  /** Start listening on a free port of the fleet's host; returns the base URL. */
  async start(): Promise<string> {
    this.baseUrl = await listen(this.app, this.ctx.host);
    return this.baseUrl;
  }

  /** Serve `phone` from this server and route its events to the gateway's webhooks. */
  abstract attach(phone: Phone): void;

  /**
   * The faults a webhook from `phone` is sent with: a status report takes the phone's lost and duplicate rates; other
   * events (an inbound text, a ping) are never lost or doubled (the fleet-sim README says why).
   */
  protected webhookFaults(phone: Phone, isStatusReport: boolean): FaultConfig {
    return isStatusReport ? phone.faults : { ...phone.faults, lostRate: 0, duplicateRate: 0 };
  }
}
