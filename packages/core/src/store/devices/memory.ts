import type { Device } from '../../schemas';
import type { DeviceRepo } from '../devices/port';
import type { UpdateResult } from '../port';
import { check } from '../shared/records';
import { byId, parse, rmw } from '../memory/rmw';

/** In-memory {@link DeviceRepo}; `list` is in id order. */
export class MemoryDevices implements DeviceRepo {
  private readonly map = new Map<string, string>();
  async put(device: Device): Promise<void> {
    const d = check.device(device);
    this.map.set(d.id, JSON.stringify(d));
  }
  async get(id: string): Promise<Device | undefined> {
    const s = this.map.get(id);
    return s === undefined ? undefined : parse<Device>(s);
  }
  async list(): Promise<Device[]> {
    return [...this.map.values()].map((s) => parse<Device>(s)).sort(byId);
  }
  async update(id: string, fn: (d: Device) => Device | null): Promise<UpdateResult<Device> | undefined> {
    return rmw(this.map, id, fn, check.device, 'id');
  }
  async delete(id: string): Promise<boolean> {
    return this.map.delete(id);
  }
}
