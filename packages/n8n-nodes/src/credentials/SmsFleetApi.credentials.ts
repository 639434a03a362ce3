import type {
  IAuthenticateGeneric,
  ICredentialTestRequest,
  ICredentialType,
  Icon,
  INodeProperties,
} from 'n8n-workflow';

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
      description: 'An smsfleet API key (sf_live_…), as smsfleet serve or npm run demo prints it',
      required: true,
    },
  ];

  authenticate: IAuthenticateGeneric = {
    type: 'generic',
    properties: { headers: { Authorization: '=Bearer {{$credentials.apiKey}}' } },
  };

  test: ICredentialTestRequest = {
    request: { baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}', url: '/v1/account' },
  };
}
