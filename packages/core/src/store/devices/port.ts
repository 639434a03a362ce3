import type { Device } from '../../schemas';
import type { UpdateResult } from '../port';

/** The phones of the fleet. */
export interface DeviceRepo {
  put(device: Device): Promise<void>;
  get(id: string): Promise<Device | undefined>;
  list(): Promise<Device[]>;
  /** Atomic read-modify-write; returns undefined for an unknown device. */
  update(id: string, fn: (d: Device) => Device | null): Promise<UpdateResult<Device> | undefined>;
  delete(id: string): Promise<boolean>;
}
