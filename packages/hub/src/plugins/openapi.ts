import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { named } from './plugin-name';
import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, jsonSchemaTransformObject } from '@fastify/type-provider-zod';
import type { FastifyInstance } from 'fastify';
import { neededScope, routeScope, type RouteScope } from '../auth/scopes';

/** The hub package version, from its package.json. */
export const HUB_VERSION: string = (
  JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }
).version;

/**
 * The OpenAPI of a route's scope: `security` names the scope the bearer key needs (none for public routes),
 * `x-smsfleet-scope` states it, and the description says it.
 */
function scopeDoc(config: { public?: boolean; scope?: RouteScope } | undefined, description: unknown) {
  const scope = neededScope(routeScope(config));
  const text = typeof description === 'string' ? `${description}\n\n` : '';
  if (scope === 'public') return { security: [], 'x-smsfleet-scope': scope, description: `${text}Public: no API key.` };
  const says =
    scope === 'any' ? 'Needs any valid API key.' : `Needs an API key with the \`${scope}\` scope (or \`admin\`).`;
  return {
    security: [{ apiKey: scope === 'any' ? [] : [scope] }],
    'x-smsfleet-scope': scope,
    description: `${text}${says}`,
  };
}

/**
 * OpenAPI 3.1 generated from the routes' zod schemas (@fastify/swagger), served at `/openapi.json`, with a
 * docs page at `/docs` (@fastify/swagger-ui). Both are public. Each operation states the scope its route declares
 * (`security`, `x-smsfleet-scope`, description); public routes have no security requirement.
 */
export const openapiPlugin = fp(
  async (app: FastifyInstance, opts: { publicUrl: string }) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'smsfleet hub',
          version: HUB_VERSION,
          description:
            'Send and track business SMS through your own Android phones. ' +
            'Errors are `{ error: { code, message, field?, reason?, issues? } }` with a stable `SMSFLEET_ERR_*` code.',
        },
        servers: [{ url: opts.publicUrl }],
        components: {
          securitySchemes: {
            apiKey: {
              type: 'http',
              scheme: 'bearer',
              description: 'An API key `sf_live_…` as `Authorization: Bearer <key>`',
            },
          },
        },
        security: [{ apiKey: [] }],
        tags: [
          { name: 'webhooks', description: 'Webhook subscriptions and their delivery log' },
          { name: 'ops', description: 'Health, metrics and the API description' },
        ],
      },
      transform: (doc) => {
        const out = jsonSchemaTransform(doc);
        return { ...out, schema: { ...out.schema, ...scopeDoc(doc.route.config, out.schema.description) } };
      },
      transformObject: jsonSchemaTransformObject,
    });

    app.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

    await app.register(
      named('docs', async (docs: FastifyInstance) => {
        docs.addHook('onRoute', (route) => {
          route.config = { ...route.config, public: true };
        });
        await docs.register(swaggerUi, { routePrefix: '/docs' });
      }),
    );
  },
  { name: 'smsfleet-openapi', fastify: '5.x' },
);
