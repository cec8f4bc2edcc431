import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { ClientFactory, type Credentials } from '../../common/src/clients.ts';

/** A running moto server (an independent AWS emulator used as a second reference). */
export interface MotoServer {
  readonly endpoint: string;
  /** Clears every moto backend (POST /moto-api/reset). */
  reset(): Promise<void>;
  close(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 20_000;
const POLL_INTERVAL_MS = 100;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function motoImportProblem(): string | undefined {
  const probe = spawnSync('python3', ['-c', 'import moto.server'], { encoding: 'utf8' });
  if (probe.error) return `python3 could not be run: ${probe.error.message}`;
  if (probe.status !== 0)
    return `python3 cannot import moto.server: ${probe.stderr.trim().split('\n').pop() ?? ''}`;
  return undefined;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function waitUntilUp(endpoint: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto.server exited with ${child.exitCode}: ${output()}`);
    try {
      const response = await fetch(`${endpoint}/moto-api/`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
  throw new Error(`moto.server did not answer within ${STARTUP_TIMEOUT_MS} ms: ${output()}`);
}

/**
 * Starts `python3 -m moto.server` on a free 127.0.0.1 port and waits until it answers. When moto is
 * not installed this returns `{ skipped: reason }`, except on CI (`CI=true`) where it throws so that
 * the fidelity suite cannot silently vanish.
 */
export async function startMoto(): Promise<MotoServer | { skipped: string }> {
  const problem = motoImportProblem();
  if (problem) {
    if (process.env.CI === 'true') throw new Error(`moto is required on CI: ${problem}`);
    return { skipped: problem };
  }
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-2000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited(child);
  };
  try {
    await waitUntilUp(endpoint, child, () => log);
  } catch (error) {
    await close();
    throw error;
  }
  return {
    endpoint,
    reset: async () => {
      const response = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
      if (!response.ok) throw new Error(`moto reset failed with ${response.status}`);
    },
    close,
  };
}

/** A client factory pointed at moto: one attempt per call, dummy (or given) credentials, eu-west-1. */
export function motoClients(endpoint: string, credentials?: Credentials): ClientFactory {
  return new ClientFactory({
    region: 'eu-west-1',
    endpoint,
    maxAttempts: 1,
    credentials: credentials ?? { accessKeyId: 'AKIDMOTOFIDELITY', secretAccessKey: 'moto-secret' },
  });
}
