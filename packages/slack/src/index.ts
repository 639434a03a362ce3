/** The smsfleet Slack app: text customers from channels, replies in threads, delivery status in place. */
export { createSlackApp, type SlackSmsApp } from './app';
export { loadSlackConfig, SlackConfigError, type SlackAppConfig } from './config';
export { HubClient, HubError } from '@smsfleet/client';
export { statusLine } from './status-text';
