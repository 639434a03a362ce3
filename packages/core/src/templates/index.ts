/**
 * Message templates: `{{field}}` merge fields (mustache, logic-less, nothing escaped), parsed and rendered strictly in
 * one place for every front-end. A missing value is an error, never a gap in a customer's text.
 */
export * from './schema';
export { templateFields } from './parse';
export { renderTemplate, type RenderNames, type TemplateValues } from './render';
export { TemplatedSendRequest } from './send-request';
