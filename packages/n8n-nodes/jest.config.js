module.exports = require('../../shared/jest.preset.js')(__dirname, {
  setupFiles: ['<rootDir>/src/testing/jest-env.js'],
  testTimeout: 60_000,
});
