/** Trackable short links: finding URLs, codes, shortening a body, the bot filter, IP anonymising, redirects. */
export * from './urls';
export * from './codes';
export * from './shorten';
export * from './bots';
export * from './ip';
export * from './redirect';
