/**
 * The smsfleet Zapier integration: instant triggers on the hub's signed webhooks, Send SMS and Cancel, and
 * searches. It talks to the smsfleet hub through `@smsfleet/client` (over `z.request`) only.
 * `require('@smsfleet/zapier')` is the app definition.
 */
import { authentication } from './authentication';
import { cancelMessage, sendSms } from './creates';
import { findContact, findMessage } from './searches';
import { contactOptedOut, device, inboundSms, linkClicked, messageStatusChanged } from './triggers';
import { deviceOffline } from './triggers/device-trigger';
import { template } from './triggers/template';

const { version } = require('../package.json') as { version: string };
const { version: platformVersion } = require('zapier-platform-core') as { version: string };

const App = {
  version,
  platformVersion,
  authentication,
  // Keys must equal each definition's `key` (Zapier checks it, and so does a test).
  triggers: {
    message_status_changed: messageStatusChanged,
    inbound_sms: inboundSms,
    link_clicked: linkClicked,
    contact_opted_out: contactOptedOut,
    device_offline: deviceOffline,
    device,
    template,
  },
  creates: { send_sms: sendSms, cancel_message: cancelMessage },
  searches: { find_message: findMessage, find_contact: findContact },
};

export = App;
