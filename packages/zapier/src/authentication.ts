import type { Bundle, ZObject } from 'zapier-platform-core';
import { withHub } from './hub';

/** Custom auth: the hub's URL and an API key; the test call names the fleet for the connection label. */
export const authentication = {
  type: 'custom',
  fields: [
    {
      key: 'baseUrl',
      label: 'Hub URL',
      required: true,
      type: 'string',
      helpText: 'Where your smsfleet hub is reachable, e.g. https://sms.example.com.',
    },
    {
      key: 'apiKey',
      label: 'API Key',
      required: true,
      type: 'password',
      helpText: 'An smsfleet API key (`sf_live_…`), as `smsfleet serve` or `npm run demo` prints.',
    },
  ],
  test: (z: ZObject, bundle: Bundle) => withHub(z, bundle, (hub) => hub.call('GET', '/v1/account')),
  connectionLabel: '{{fleetName}} ({{keyName}})',
};
