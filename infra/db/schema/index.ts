export * from './security';
export * from './health';
export * from './jobs';
export * from './payments';
export * from './audit';
export * from './ops';
export * from './llm';
export * from './rollups';
