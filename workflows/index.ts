// Every workflow the worker registers. Deterministic code only: see eslint.config.mjs.
export { healthProbe } from './health-probe';
export { processTask } from './process-task';
export { notionIntake } from './notion-intake';
