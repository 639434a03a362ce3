export * from './report';
export * from './lua-names';
