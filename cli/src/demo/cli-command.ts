/**
 * Runs a `streamgov` command in a child process, as a person would from a shell pointed at the local
 * cloud (the child reaches the in-process local cloud over HTTP, so the caller must stay responsive).
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DemoExpectationError } from './errors.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const BIN = 'cli/bin/streamgov.js';

/** What a command printed and how it ended. */
export interface CommandResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `streamgov <args>` with `env` (see childEnvironment). */
export function runStreamgov(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env,
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
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Runs a command that must succeed and prints one JSON line (`--json`); returns it parsed.
 * @throws DemoExpectationError with the command's stderr when it exits with another code than 0.
 */
export async function runStreamgovJson<T>(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
): Promise<T> {
  const result = await runStreamgov(args, env);
  if (result.code !== 0) {
    throw new DemoExpectationError(
      `streamgov ${args.slice(0, 2).join(' ')} exited with ${result.code}: ${result.stderr.trim().split('\n').slice(-5).join(' | ')}`,
    );
  }
  return JSON.parse(result.stdout.trim().split('\n').at(-1) ?? 'null') as T;
}
