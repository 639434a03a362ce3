// Metrics: the last 24 hours' figures as tiles, failures by reason, and hourly charts (uPlot, loaded by index.html).
import { api } from './api.js';
import { $, el } from './view.js';

const charts = [];
/** Load the figures and draw them, replacing the charts drawn before. */
export async function loadMetrics() {
  const [m, s] = await Promise.all([api('GET', '/v1/metrics'), api('GET', '/v1/metrics/series?bucket=hour')]);
  const pct = (v) => (v === null || v === undefined ? '–' : `${Math.round(v * 1000) / 10}%`);
  $('#kpis').replaceChildren(
    ...[
      ['Sent', m.sent],
      ['Delivered', m.delivered],
      ['Delivery rate', pct(m.deliveryRate)],
      ['Failed', m.failed],
      ['Clicks', m.clicks.total, `by ${m.clicks.unique} ${m.clicks.unique === 1 ? 'person' : 'people'}`],
      ['Click-through', pct(m.clickThroughRate)],
      ['Replies', m.replies],
      ['Opt-outs', m.optOuts],
      ['Cost', `${m.cost.amount} ${m.cost.currency}`],
    ].map(([k, v, note]) =>
      el('div', { class: 'kpi' }, k, el('b', {}, v), note ? el('small', { class: 'muted' }, note) : ''),
    ),
  );
  $('#failures').replaceChildren(
    ...Object.entries(m.failedByCategory).map(([k, v]) => el('li', {}, `${k.replace(/_/g, ' ')}: ${v}`)),
  );
  if (!m.failed) $('#failures').append(el('li', { class: 'muted' }, 'No failures in the last 24 hours.'));
  while (charts.length) charts.pop().destroy();
  const xs = s.points.map((p) => Date.parse(p.at) / 1000);
  const width = Math.min(1200, $('#view-metrics').clientWidth || 800);
  charts.push(
    new uPlot(
      {
        width,
        height: 240,
        series: [
          {},
          { label: 'Sent', stroke: '#0969da' },
          { label: 'Delivered', stroke: '#1a7f37' },
          { label: 'Failed', stroke: '#cf222e' },
          { label: 'Delivery rate %', stroke: '#8250df', scale: '%' },
        ],
        axes: [{}, {}, { scale: '%', side: 1 }],
      },
      [
        xs,
        s.points.map((p) => p.sent),
        s.points.map((p) => p.delivered),
        s.points.map((p) => p.failed),
        s.points.map((p) => (p.deliveryRate === null ? null : p.deliveryRate * 100)),
      ],
      $('#chart-volume'),
    ),
  );
  charts.push(
    new uPlot(
      {
        width,
        height: 200,
        series: [
          {},
          { label: 'Clicks', stroke: '#bf8700' },
          { label: 'Replies', stroke: '#0969da' },
          { label: 'Opt-outs', stroke: '#cf222e' },
        ],
      },
      [xs, s.points.map((p) => p.clicks), s.points.map((p) => p.replies), s.points.map((p) => p.optOuts)],
      $('#chart-engagement'),
    ),
  );
  $('#view-metrics').dataset.points = String(s.points.reduce((n, p) => n + p.sent, 0));
}
