import type { Log } from '../../common/src/logger.ts';
import { debugEnabled } from './config.ts';

/** CLI logs: one JSON line per entry on stderr (stdout is for results), debug only with STREAMGOV_DEBUG=1. */
export function stderrLog(debug = debugEnabled()): Log {
  const write =
    (level: string) =>
    (message: string, ...extra: Record<string, unknown>[]) => {
      process.stderr.write(`${JSON.stringify({ level, message, ...Object.assign({}, ...extra) })}\n`);
    };
  return {
    debug: debug ? write('debug') : () => undefined,
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
  };
}
