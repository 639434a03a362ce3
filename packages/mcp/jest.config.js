module.exports = require('../../shared/jest.preset.js')(__dirname);
