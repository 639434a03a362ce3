// smsfleet dashboard: plain ES modules, no framework. This entry wires the page: every other module only exports
// functions (state.js holds the shared state), so nothing runs before the modules it needs are initialised.
// Every call goes to the hub's /v1 API with the API key the user logged in with (sessionStorage: gone when the tab
// closes). Live updates come from /dashboard/events (SSE).
import { logout } from './api.js';
import { changeCompose, inputCompose, loadCompose, submitCompose } from './compose.js';
import { loadConversations } from './conversations.js';
import { loadDevices } from './devices.js';
import { login, submitLogin } from './login.js';
import { loadMetrics } from './metrics.js';
import { setViews, show } from './nav.js';
import { exportCsv, loadReports, submitFilters } from './reports.js';
import { state } from './state.js';
import { loadTemplates, submitTemplate } from './templates.js';
import { $, $$ } from './view.js';
import { loadWebhooks } from './webhooks.js';

setViews({
  conversations: loadConversations,
  compose: loadCompose,
  templates: loadTemplates,
  reports: loadReports,
  metrics: loadMetrics,
  devices: loadDevices,
  webhooks: loadWebhooks,
});

$('#login-form').addEventListener('submit', submitLogin);
$('#logout').addEventListener('click', logout);
for (const b of $$('nav button')) b.addEventListener('click', () => show(b.dataset.view));
$('#compose').addEventListener('input', inputCompose);
$('#compose').addEventListener('change', changeCompose);
$('#compose').addEventListener('submit', submitCompose);
$('#filters').addEventListener('submit', submitFilters);
$('#template-form').addEventListener('submit', submitTemplate);
$('#export').addEventListener('click', exportCsv);

if (state.key) login(state.key).catch(() => logout());
