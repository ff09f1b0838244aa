export * from './security';
export * from './health';
export * from './jobs';
export * from './payments';
export * from './client-billing';
export * from './audit';
export * from './ops';
export * from './llm';
