module.exports = require('../shared/jest.preset.js')(__dirname, { testTimeout: 60_000 });
