import { parseArgs } from 'node:util';
import { startLocalCloud } from '../../../local/src/index.ts';
import { UsageError } from '../usage.ts';

export const LOCAL_USAGE = 'streamgov local [--port N] [--seed demo|FILE] [--state-file FILE]';

/** Starts the local cloud and serves until SIGINT/SIGTERM; prints `ready <url>` once it accepts requests. */
export async function runLocal(args: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: { port: { type: 'string' }, seed: { type: 'string' }, 'state-file': { type: 'string' } },
    strict: true,
  });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port must be an integer between 0 and 65535, got "${values.port}"`, LOCAL_USAGE);
  }
  const local = await startLocalCloud({
    port,
    ...(values.seed ? { seed: values.seed } : {}),
    ...(values['state-file'] ? { stateFile: values['state-file'] } : {}),
  });
  process.stdout.write(`ready ${local.url}\n`);
  if (local.seeded) process.stderr.write(`${JSON.stringify({ seeded: local.seeded })}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await local.close();
  return 0;
}
