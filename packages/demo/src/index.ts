/** @smsfleet/demo: the smsfleet hub with simulated phones (and Slack, when configured), for trying it out. */
export { demoBanner } from './banner';
export { DEMO_PHONES, type Demo, type DemoGateway, demoGateways, startDemo } from './demo';
export { chooseDemoPort, DEMO_DEFAULT_PORT, type DemoPort, takenMessage } from './demo-port';
export { startDemoSlack } from './demo-slack';
