// n8n-core's InstanceSettings writes ~/.n8n/config with a generated encryption key unless these are set: keep it in a
// temporary folder. Silence n8n-core's ErrorReporter (it would log every node error with a stack trace).
const os = require('node:os');
const path = require('node:path');
const fs = require('node:fs');
process.env.N8N_USER_FOLDER = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-test-'));
process.env.N8N_ENCRYPTION_KEY = process.env.N8N_ENCRYPTION_KEY || 'test-encryption-key';
const { Container } = require('@n8n/di');
const { ErrorReporter } = require('n8n-core');
Container.set(ErrorReporter, { error() {}, warn() {}, info() {} });
