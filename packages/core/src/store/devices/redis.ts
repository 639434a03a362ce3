import type { Device } from '../../schemas';
import type { DeviceRepo } from '../devices/port';
import type { UpdateResult } from '../port';
import { check } from '../shared/records';
import { byId, hashUpdate, parse } from '../redis/hash-update';
import type { RedisKeys } from '../redis/keys';
import type { RedisClient } from '../redis/lua';

/** The Redis {@link DeviceRepo}: one hash `{dv}`. */
export class RedisDevices implements DeviceRepo {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}
  async put(device: Device): Promise<void> {
    const d = check.device(device);
    await this.redis.hset(this.keys.devices(), d.id, JSON.stringify(d));
  }
  async get(id: string): Promise<Device | undefined> {
    const s = await this.redis.hget(this.keys.devices(), id);
    return s === null ? undefined : parse<Device>(s);
  }
  async list(): Promise<Device[]> {
    return (await this.redis.hvals(this.keys.devices())).map((s) => parse<Device>(s)).sort(byId);
  }
  update(id: string, fn: (d: Device) => Device | null): Promise<UpdateResult<Device> | undefined> {
    return hashUpdate(this.redis, this.keys.devices(), id, fn, check.device, 'id');
  }
  async delete(id: string): Promise<boolean> {
    return (await this.redis.hdel(this.keys.devices(), id)) === 1;
  }
}
