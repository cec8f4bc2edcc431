import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The last non-empty stdout line parsed as JSON (the `--json` contract). */
  json<T = Record<string, unknown>>(): T;
}

/**
 * Runs the `streamgov` CLI in a child process (asynchronously, so that an in-process local cloud keeps
 * serving), pointed at `endpoint` with dummy credentials and one attempt per call.
 */
export function runCli(
  args: readonly string[],
  endpoint: string,
  env: Record<string, string> = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['cli/bin/streamgov.js', ...args], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_NO_WARNINGS: '1',
        AWS_ENDPOINT_URL: endpoint,
        AWS_ACCESS_KEY_ID: 'AKIDCLITEST',
        AWS_SECRET_ACCESS_KEY: 'cli-secret',
        AWS_REGION: 'eu-west-1',
        AWS_MAX_ATTEMPTS: '1',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('error', reject);
    child.once('close', (code) =>
      resolve({
        code,
        stdout,
        stderr,
        json: <T>() => JSON.parse(stdout.trim().split('\n').at(-1) ?? 'null') as T,
      }),
    );
  });
}
