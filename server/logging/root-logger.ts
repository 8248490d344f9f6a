import { Logger as NestPinoLogger, type Params, PinoLogger } from 'nestjs-pino';
import pino, { type DestinationStream, type Logger as Pino } from 'pino';
import { type LoggingConfig, readLoggingConfig } from './logging.config';
import { requestLogFields } from './request-context';

/**
 * Keys whose values never reach the log, at any of the first three levels of a logged object:
 * passwords, tokens, cookies and codes (an MFA code, a recovery code, an OpenID Connect code).
 * The code logs none of them on purpose; this is the net under it, and what the tests check.
 */
export const REDACTED_KEYS = [
  'password',
  'currentPassword',
  'newPassword',
  'temporaryPassword',
  'passwordHash',
  'token',
  'accessToken',
  'refreshToken',
  'idToken',
  'sessionToken',
  'secret',
  'clientSecret',
  'cookie',
  'cookies',
  'set-cookie',
  'authorization',
  'x-xsrf-token',
  'code',
  'recoveryCode',
  'recoveryCodes',
] as const;

export const REDACTED = '[redacted]';

function redactPaths(): string[] {
  const paths: string[] = [];
  for (const key of REDACTED_KEYS) {
    const name = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
    const member = name.startsWith('[') ? name : `.${name}`;
    paths.push(name, `*${member}`, `*.*${member}`);
  }
  return paths;
}

/** The one pino logger of the process: JSON lines, ISO times, level names, secrets redacted. */
export function createRootLogger(
  config: LoggingConfig = readLoggingConfig(),
  destination: DestinationStream = pino.destination({ dest: 1, sync: true }),
): Pino {
  return pino(
    {
      level: config.level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // The request a line is logged for: its id, and its account once the session guard has
      // found it.
      mixin: requestLogFields,
      redact: { paths: redactPaths(), censor: REDACTED },
    },
    destination,
  );
}

export interface Logging {
  /** The raw pino logger (lines outside any request). */
  root: Pino;
  /** nestjs-pino's, over the root logger (a request's id and account come from the mixin). */
  pino: PinoLogger;
  /** nestjs-pino's NestJS LoggerService over it: the application's logger (`Logger.overrideLogger`). */
  nest: NestPinoLogger;
}

let logging: Logging | undefined;

/**
 * The logging of the process, made once (nestjs-pino keeps one root logger per process): main.ts
 * makes it first, before anything logs. An application built without it (the HTTP test suites)
 * writes nothing unless LOG_LEVEL is set.
 */
export function processLogging(root?: Pino): Logging {
  if (!logging) {
    const fallback = () =>
      createRootLogger(process.env.LOG_LEVEL ? readLoggingConfig() : { level: 'silent' });
    const params: Params = { pinoHttp: { logger: root ?? fallback() } };
    const pinoLogger = new PinoLogger(params);
    logging = {
      root: PinoLogger.root,
      pino: pinoLogger,
      nest: new NestPinoLogger(pinoLogger, params),
    };
  }
  return logging;
}
