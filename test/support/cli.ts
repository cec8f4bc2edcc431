import { type CommandResult, runStreamgov } from '../../cli/src/demo/cli-command.ts';

export interface CliResult extends CommandResult {
  /** The last non-empty stdout line parsed as JSON (the `--json` contract). */
  json<T = Record<string, unknown>>(): T;
}

/**
 * Runs the `streamgov` CLI in a child process (asynchronously, so that an in-process local cloud keeps
 * serving), pointed at `endpoint` with dummy credentials and one attempt per call.
 */
export async function runCli(
  args: readonly string[],
  endpoint: string,
  env: Record<string, string> = {},
): Promise<CliResult> {
  const result = await runStreamgov(args, {
    PATH: process.env.PATH ?? '',
    NODE_NO_WARNINGS: '1',
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'AKIDCLITEST',
    AWS_SECRET_ACCESS_KEY: 'cli-secret',
    AWS_REGION: 'eu-west-1',
    AWS_MAX_ATTEMPTS: '1',
    ...env,
  });
  return { ...result, json: <T>() => JSON.parse(result.stdout.trim().split('\n').at(-1) ?? 'null') as T };
}
