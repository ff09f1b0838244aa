export * from './security';
export * from './health';
