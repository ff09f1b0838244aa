import { ConfigError, loadConfig, type Config } from '../infra/config/load-config';
import { createLogger, type Logger } from '../infra/logger';

/** The only place that reads process.env: parsed once, then passed down. */
export function bootConfig(): Config {
  try {
    return loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}

export function bootLogger(config: Config, base?: Record<string, unknown>): Logger {
  return createLogger({ level: config.logLevel, secrets: config.secretValues, base });
}

/** PATH, for finding the Temporal CLI; not configuration, so not in the env schema. */
export const systemPath = (): string => process.env.PATH ?? '';

/** Resolves on the first SIGINT/SIGTERM; a second one exits at once. */
export function waitForStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (sig: NodeJS.Signals) => {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      process.once('SIGINT', () => process.exit(130));
      process.once('SIGTERM', () => process.exit(143));
      resolve(sig);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
