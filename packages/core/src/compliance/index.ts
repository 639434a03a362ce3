/** Compliance: opt-out, opt-in and help keywords, quiet hours. */
export * from './keywords';
export * from './quiet-hours';
