import type { Bundle, ZObject } from 'zapier-platform-core';
import { ZAPIER_SCOPES, withHub } from './hub';

/**
 * Custom auth: the hub's URL and an API key. The test call names the fleet for the connection label, and refuses a
 * key lacking a scope the app uses, naming that scope.
 */
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
      helpText:
        'An smsfleet API key (`sf_live_…`) with the `send`, `read` and `webhooks` scopes: ' +
        '`smsfleet keys create --name zapier --scopes send,read,webhooks`, or the key `npm run demo` prints.',
    },
  ],
  test: (z: ZObject, bundle: Bundle) => withHub(z, bundle, (hub) => hub.account(ZAPIER_SCOPES)),
  connectionLabel: '{{fleetName}} ({{keyName}})',
};
