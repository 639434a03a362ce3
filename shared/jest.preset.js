// Shared jest 30 preset: TypeScript through @swc/jest (TypeScript 7 has no JS API, so ts-jest cannot work),
// CommonJS output, workspace packages imported from their src/ so tests need no build.
const path = require('node:path');

const swc = (syntax) => [
  '@swc/jest',
  {
    jsc: { parser: syntax === 'typescript' ? { syntax } : { syntax }, target: 'es2022' },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const packagesDir = path.join(__dirname, '..', 'packages');

/** @param {string} dir the package directory (pass __dirname) */
module.exports = (dir, overrides = {}) => ({
  rootDir: dir,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.test.ts'],
  transform: {
    '^.+\\.tsx?$': swc('typescript'),
    '^.+\\.m?js$': swc('ecmascript'),
  },
  // ESM-only deps must become CJS: jest cannot require(esm) before Node 24.9 (cookie@2 via fastify inject; the
  // gateways' own clients that fleet-sim is tested with).
  transformIgnorePatterns: [
    '/node_modules/(?!(?:.*/node_modules/)?(?:cookie|content-disposition|android-sms-gateway|httpsms)/)',
  ],
  moduleNameMapper: {
    '^@smsfleet/([a-z-]+)$': `${packagesDir}/$1/src`,
    '^@smsfleet/([a-z-]+)/(testing|bench)$': `${packagesDir}/$1/src/$2`,
  },
  testTimeout: 30_000,
  ...overrides,
});
