import type { Template } from '../../templates/schema';
import type { UpdateResult } from '../port';

/**
 * Stored message templates, by id. `create` refuses an id in use (`SMSFLEET_ERR_VALIDATION` naming `template.id`);
 * `list` returns them all in id order (a fleet keeps tens, not thousands).
 */
export interface TemplateRepo {
  create(template: Template): Promise<void>;
  get(id: string): Promise<Template | undefined>;
  list(): Promise<Template[]>;
  /** Atomic read-modify-write; undefined when there is no such template, `fn` returning null changes nothing. */
  update(id: string, fn: (t: Template) => Template | null): Promise<UpdateResult<Template> | undefined>;
  delete(id: string): Promise<boolean>;
}
