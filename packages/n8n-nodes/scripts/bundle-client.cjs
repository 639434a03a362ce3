// n8n installs a community node package without its dependencies' code being trusted or always present, so this
// package has none (a test checks it). The nodes still use the one hub client, @smsfleet/client, which has no
// dependencies of its own: after tsc, its compiled files are copied into dist/vendor/smsfleet-client and the nodes'
// require("@smsfleet/client") is pointed there. A copy and a path rewrite, not a bundler: nothing else is inlined,
// and the shipped code is the client's own tsc output, file for file.
const fs = require('node:fs');
const path = require('node:path');

const dist = path.join(__dirname, '..', 'dist');
const vendor = path.join(dist, 'vendor', 'smsfleet-client');
const clientDist = path.join(path.dirname(require.resolve('@smsfleet/client/package.json')), 'dist');
if (!fs.existsSync(path.join(clientDist, 'index.js'))) throw new Error(`${clientDist} is not built: run tsc -b first`);

fs.rmSync(vendor, { recursive: true, force: true });
fs.mkdirSync(vendor, { recursive: true });
for (const f of fs.readdirSync(clientDist)) {
  if (!f.endsWith('.js') || f.endsWith('.test.js')) continue;
  const code = fs.readFileSync(path.join(clientDist, f), 'utf8').replace(/\n\/\/# sourceMappingURL=.*\n?$/, '\n');
  fs.writeFileSync(path.join(vendor, f), code);
}

const SPEC = /require\((["'])@smsfleet\/client\1\)/g;
let rewritten = 0;
for (const f of fs.readdirSync(dist, { recursive: true })) {
  const file = path.join(dist, String(f));
  if (!file.endsWith('.js') || file.startsWith(vendor)) continue;
  const code = fs.readFileSync(file, 'utf8');
  if (!SPEC.test(code)) continue;
  let rel = path.relative(path.dirname(file), vendor).split(path.sep).join('/');
  if (!rel.startsWith('.')) rel = `./${rel}`;
  fs.writeFileSync(file, code.replace(SPEC, `require("${rel}")`));
  rewritten++;
}
console.log(`bundled @smsfleet/client into dist/vendor/smsfleet-client (${rewritten} file(s) pointed at it)`);
