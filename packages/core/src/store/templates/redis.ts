import type { Template } from '../../templates/schema';
import type { UpdateResult } from '../port';
import { byId, hashUpdate, parse } from '../redis/hash-update';
import type { RedisKeys } from '../redis/keys';
import type { RedisClient } from '../redis/lua';
import { invalid } from '../shared/args';
import { checkTemplate } from './args';
import type { TemplateRepo } from './port';

/** The Redis {@link TemplateRepo}: one hash `{tp}`, id -> Template JSON; updates compare-and-set in Lua. */
export class RedisTemplates implements TemplateRepo {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}
  async create(template: Template): Promise<void> {
    const t = checkTemplate(template);
    if ((await this.redis.hsetnx(this.keys.templates(), t.id, JSON.stringify(t))) !== 1) {
      throw invalid('template.id', 'a template with this id already exists');
    }
  }
  async get(id: string): Promise<Template | undefined> {
    const s = await this.redis.hget(this.keys.templates(), id);
    return s === null ? undefined : parse<Template>(s);
  }
  async list(): Promise<Template[]> {
    return (await this.redis.hvals(this.keys.templates())).map((s) => parse<Template>(s)).sort(byId);
  }
  update(id: string, fn: (t: Template) => Template | null): Promise<UpdateResult<Template> | undefined> {
    return hashUpdate(this.redis, this.keys.templates(), id, fn, checkTemplate, 'id');
  }
  async delete(id: string): Promise<boolean> {
    return (await this.redis.hdel(this.keys.templates(), id)) === 1;
  }
}
