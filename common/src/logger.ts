import { Logger } from '@aws-lambda-powertools/logger';

/** The narrow logging interface streamgov code depends on (Powertools Logger implements it). */
export interface Log {
  debug(message: string, ...extra: Record<string, unknown>[]): void;
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
}

/**
 * A structured JSON logger (Powertools) for one service (`serviceName` = the folder, e.g.
 * `datasource-lambda`). Level from POWERTOOLS_LOG_LEVEL, default INFO.
 */
export function createLogger(serviceName: string, persistentKeys: Record<string, string> = {}): Logger {
  return new Logger({ serviceName, persistentKeys });
}

/** A logger that records entries in memory, for tests. */
export class MemoryLog implements Log {
  readonly entries: { level: string; message: string; extra: Record<string, unknown>[] }[] = [];
  private record(level: string, message: string, extra: Record<string, unknown>[]): void {
    this.entries.push({ level, message, extra });
  }
  debug(message: string, ...extra: Record<string, unknown>[]): void {
    this.record('debug', message, extra);
  }
  info(message: string, ...extra: Record<string, unknown>[]): void {
    this.record('info', message, extra);
  }
  warn(message: string, ...extra: Record<string, unknown>[]): void {
    this.record('warn', message, extra);
  }
  error(message: string, ...extra: Record<string, unknown>[]): void {
    this.record('error', message, extra);
  }
}
