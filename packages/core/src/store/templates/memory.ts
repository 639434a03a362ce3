import type { Template } from '../../templates/schema';
import { byId, parse, rmw } from '../memory/rmw';
import type { UpdateResult } from '../port';
import { invalid } from '../shared/args';
import { checkTemplate } from './args';
import type { TemplateRepo } from './port';

/** In-memory {@link TemplateRepo}: JSON records by id. */
export class MemoryTemplates implements TemplateRepo {
  private readonly map = new Map<string, string>();
  async create(template: Template): Promise<void> {
    const t = checkTemplate(template);
    if (this.map.has(t.id)) throw invalid('template.id', 'a template with this id already exists');
    this.map.set(t.id, JSON.stringify(t));
  }
  async get(id: string): Promise<Template | undefined> {
    const s = this.map.get(id);
    return s === undefined ? undefined : parse<Template>(s);
  }
  async list(): Promise<Template[]> {
    return [...this.map.values()].map((s) => parse<Template>(s)).sort(byId);
  }
  async update(id: string, fn: (t: Template) => Template | null): Promise<UpdateResult<Template> | undefined> {
    return rmw(this.map, id, fn, checkTemplate, 'id');
  }
  async delete(id: string): Promise<boolean> {
    return this.map.delete(id);
  }
}
