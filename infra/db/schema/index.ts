export * from './security';
export * from './health';
export * from './jobs';
export * from './ops';
