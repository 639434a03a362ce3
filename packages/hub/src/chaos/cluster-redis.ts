import { join } from 'node:path';

/** What scripts/redis-cluster.cjs gives back (the script the tests start their Cluster with). */
interface ScriptCluster {
  nodes: string;
  ports: number[];
  stop(): void;
  kill(i: number): Promise<void>;
  start(i: number): Promise<void>;
}

/**
 * The chaos run's Redis as a 3-master Cluster (`--cluster`), each master with appendonly + fsync always like the
 * single-node chaos Redis, so a kill -9 loses no acknowledged write. A Redis restart of the schedule kills one master
 * (the next in turn) and starts it again on its port; its slots are unavailable meanwhile.
 */
export class ChaosCluster {
  private next = 0;
  private down: number | undefined;

  private constructor(private readonly c: ScriptCluster) {}

  /** Start the Cluster (scripts/redis-cluster.cjs under `root`) and wait for cluster_state:ok. */
  static async start(root: string): Promise<ChaosCluster> {
    const script = require(join(root, 'scripts/redis-cluster.cjs')) as {
      startRedisCluster(o: { masters?: number; durable?: boolean }): Promise<ScriptCluster>;
    };
    return new ChaosCluster(await script.startRedisCluster({ masters: 3, durable: true }));
  }

  /** `host:port,…` of the masters, for REDIS_CLUSTER_NODES. */
  get nodes(): string {
    return this.c.nodes;
  }

  get ports(): number[] {
    return this.c.ports;
  }

  /** Which master the last kill hit, for the log. */
  get name(): string {
    return `Redis master ${this.down ?? this.next}`;
  }

  /** kill -9 the next master in turn. */
  async kill(): Promise<void> {
    this.down = this.next;
    this.next = (this.next + 1) % this.c.ports.length;
    await this.c.kill(this.down);
  }

  /** Start the master killed last, and wait until every node says cluster_state:ok. */
  async start(): Promise<void> {
    if (this.down === undefined) return;
    const i = this.down;
    this.down = undefined;
    await this.c.start(i);
  }

  /** Stop every master and delete the Cluster's files. */
  async stop(): Promise<void> {
    this.c.stop();
  }
}
