/**
 * Jest-only interop, imported first by the hub's test files that build the app.
 *
 * @fastify/swagger-ui loads @fastify/static 10, which requires `content-disposition` 3, an ESM-only package.
 * Node 20.19+ loads it natively, but jest 30 on Node 20 cannot require ESM, and the shared preset transforms
 * only `cookie`. Until `shared/jest.preset.js` also lets `content-disposition` through
 * `transformIgnorePatterns`, this compiles that one file to CommonJS with swc and registers it as the module.
 * Delete this file (and its imports) once the preset does.
 */
import { readFileSync } from 'node:fs';

declare const jest: { mock(path: string, factory: () => unknown): void } | undefined;

if (typeof jest !== 'undefined') {
  const staticDir = require.resolve('@fastify/static', { paths: [require.resolve('@fastify/swagger-ui')] });
  const target = require.resolve('content-disposition', { paths: [staticDir] });
  if (readFileSync(target, 'utf8').includes('export function')) {
    jest.mock(target, () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const swc = require('@swc/core') as { transformSync(src: string, opts: object): { code: string } };
      const { code } = swc.transformSync(readFileSync(target, 'utf8'), {
        filename: target, module: { type: 'commonjs' }, jsc: { target: 'es2022', parser: { syntax: 'ecmascript' } },
      });
      const module = { exports: {} as Record<string, unknown> };
      // eslint-disable-next-line @typescript-eslint/no-implied-eval
      new Function('module', 'exports', 'require', code)(module, module.exports, require);
      return module.exports;
    });
  }
}
