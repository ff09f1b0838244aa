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

/**
 * A part of the process that died and could not be restarted (a worker, the embedded Temporal server).
 * `ended` settles with the error; the command then stops everything and exits non-zero.
 */
export function fatalHandle(): { onFatal: (err: unknown) => void; ended: Promise<{ fatal: unknown }> } {
  let onFatal!: (err: unknown) => void;
  const ended = new Promise<{ fatal: unknown }>((resolve) => (onFatal = (fatal) => resolve({ fatal })));
  return { onFatal, ended };
}

/** Waits for Ctrl-C / SIGTERM or a fatal failure; logs which, and sets exit code 1 for a failure. */
export async function waitForEnd(
  stopSignal: Promise<NodeJS.Signals>,
  fatal: ReturnType<typeof fatalHandle>,
  logger: Logger,
): Promise<void> {
  const end = await Promise.race([stopSignal.then((signal) => ({ signal })), fatal.ended]);
  if ('signal' in end) {
    logger.info({ signal: end.signal }, 'stopping');
    return;
  }
  logger.fatal({ err: end.fatal }, 'stopping after a failure that restarts did not fix: exit code 1');
  process.exitCode = 1;
}
