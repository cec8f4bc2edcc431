import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface LocalCloudProcess {
  readonly url: string;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `streamgov local` in its own process (so the bench client and the server do not share a thread). */
export async function startLocalCloudProcess(args: readonly string[] = []): Promise<LocalCloudProcess> {
  const child = spawn(process.execPath, ['cli/bin/streamgov.js', 'local', ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(
      () => reject(new Error('local cloud did not print "ready" within 30 s')),
      30_000,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const match = /ready (http:\/\/\S+)/.exec(buffer);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`local cloud exited with ${code} before ready`)));
  });
  return {
    url,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Settings and results of one benchmark run, recorded with versions and machine. */
export interface BenchResult {
  readonly scenario: string;
  readonly settings: Record<string, unknown>;
  readonly metrics: Record<string, number | string | boolean>;
  readonly targets?: Record<string, { readonly target: string; readonly met: boolean }>;
}

async function versions(): Promise<Record<string, string>> {
  const lock = JSON.parse(await readFile(`${ROOT}/package-lock.json`, 'utf8')) as {
    packages: Record<string, { version?: string }>;
  };
  const pick = (name: string) => lock.packages[`node_modules/${name}`]?.version ?? 'missing';
  return {
    node: process.version,
    '@smithy/core': pick('@smithy/core'),
    '@aws-sdk/core': pick('@aws-sdk/core'),
    '@aws-sdk/client-datazone': pick('@aws-sdk/client-datazone'),
    '@aws-sdk/client-ssm': pick('@aws-sdk/client-ssm'),
  };
}

/** Prints a result and writes it to bench/results/<scenario>.json. */
export async function record(result: BenchResult): Promise<void> {
  const full = {
    ...result,
    at: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
    },
    versions: await versions(),
  };
  await mkdir(`${ROOT}/bench/results`, { recursive: true });
  await writeFile(`${ROOT}/bench/results/${result.scenario}.json`, `${JSON.stringify(full, null, 2)}\n`);
  process.stdout.write(
    `${JSON.stringify({ scenario: result.scenario, metrics: result.metrics, targets: result.targets })}\n`,
  );
}
