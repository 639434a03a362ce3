import type {
  IAuthenticateRuleResponseSuccessBody,
  IAuthenticateGeneric,
  ICredentialTestRequest,
  ICredentialType,
  Icon,
  INodeProperties,
} from 'n8n-workflow';

/** The API key scopes the SmsFleet nodes use: send (send, cancel), read (messages, devices), webhooks (trigger). */
export const N8N_SCOPES = ['send', 'read', 'webhooks'] as const;

/**
 * One credential-test rule per scope: `GET /v1/account` says per scope whether the key has it (`can.send`…), and n8n
 * shows the message of the first rule whose value matches, naming the scope the key lacks.
 */
const scopeRules: IAuthenticateRuleResponseSuccessBody[] = N8N_SCOPES.map((scope) => ({
  type: 'responseSuccessBody',
  properties: {
    key: `can.${scope}`,
    value: false,
    message:
      `This key lacks the \`${scope}\` scope; create one with ` +
      `\`smsfleet keys create --name n8n --scopes ${N8N_SCOPES.join(',')}\``,
  },
}));

/** The smsfleet hub: its URL and an API key (sent as a bearer token). */
export class SmsFleetApi implements ICredentialType {
  name = 'smsfleetApi';

  displayName = 'SmsFleet API';

  icon: Icon = { light: 'file:../nodes/SmsFleet/smsfleet.svg', dark: 'file:../nodes/SmsFleet/smsfleet.dark.svg' };

  documentationUrl = 'https://github.com/smsfleet/smsfleet/tree/main/packages/n8n-nodes#credentials';

  properties: INodeProperties[] = [
    {
      displayName: 'Hub URL',
      name: 'baseUrl',
      type: 'string',
      default: 'http://127.0.0.1:8080',
      placeholder: 'https://sms.example.com',
      description: 'Where your smsfleet hub is reachable',
      required: true,
    },
    {
      displayName: 'API Key',
      name: 'apiKey',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      description:
        'An smsfleet API key (sf_live_…) with the send, read and webhooks scopes ' +
        '(smsfleet keys create --name n8n --scopes send,read,webhooks), or the key npm run demo prints',
      required: true,
    },
  ];

  authenticate: IAuthenticateGeneric = {
    type: 'generic',
    properties: { headers: { Authorization: '=Bearer {{$credentials.apiKey}}' } },
  };

  test: ICredentialTestRequest = {
    request: { baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}', url: '/v1/account' },
    rules: scopeRules,
  };
}
