import type { FastifyServerOptions } from 'fastify';
import PinoPretty from 'pino-pretty';

export type LogFormat = 'auto' | 'pretty' | 'json';

export interface LoggerSettings {
  level: string;
  format: LogFormat;
  /** Where the lines go; stdout unless a test catches them. */
  destination?: NodeJS.WritableStream & { isTTY?: boolean };
}

/** `auto`: lines for people when a person is watching (a terminal), JSON lines for machines otherwise. */
export function isPretty(settings: LoggerSettings): boolean {
  if (settings.format !== 'auto') return settings.format === 'pretty';
  return Boolean((settings.destination ?? process.stdout).isTTY);
}

/** The app's logger: the same fields either way, printed for people or as JSON lines. */
export function loggerOptions(settings: LoggerSettings): NonNullable<FastifyServerOptions['logger']> {
  const destination = settings.destination ?? process.stdout;
  const stream = isPretty(settings)
    ? PinoPretty({
        destination,
        colorize: Boolean(destination.isTTY),
        translateTime: 'SYS:HH:MM:ss',
        ignore: 'pid,hostname,reqId,method,url,statusCode,responseTime',
        singleLine: true,
        sync: true,
      })
    : destination;
  return { level: settings.level, stream };
}
