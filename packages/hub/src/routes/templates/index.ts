import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { createTemplate } from './create-template';
import { deleteTemplate } from './delete-template';
import { getTemplate } from './get-template';
import { listTemplates } from './list-templates';
import { updateTemplate } from './update-template';

/** Message templates (`{{field}}` merge fields): create, list, read, change, delete. */
export const templateRoutes: FastifyPluginAsyncZod = async (app) => {
  // In this order: it is the order of the OpenAPI document.
  for (const operation of [createTemplate, listTemplates, getTemplate, updateTemplate, deleteTemplate]) operation(app);
};
