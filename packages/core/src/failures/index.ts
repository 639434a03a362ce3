export * from './catalogue';
export * from './classify';
