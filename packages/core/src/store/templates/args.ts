import { parseOrThrow } from '../../errors';
import { Template } from '../../templates/schema';

/** A template as the store keeps it, checked by its schema (errors name `template.<field>`). */
export const checkTemplate = (v: unknown): Template => parseOrThrow(Template, v, 'template');
