/**
 * A locally deployed function running in a worker thread of its own: the worker loads the function's
 * bundle and has the function's own `process.env` (so that functions of different accounts, with
 * different credentials, can run at the same time), and its output is captured per function (the last
 * lines are kept) instead of reaching the terminal.
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { LocalLambdaContext } from '../services/lambda/handlers.ts';

const WORKER_FILE = fileURLToPath(new URL('./function-worker.mjs', import.meta.url));

/** Output lines kept per function unless told otherwise. */
export const DEFAULT_LOG_LINES = 200;
/** Output lines added to the trace of a failed invocation. */
const TRACE_LOG_LINES = 20;

/** Options of {@link FunctionWorker}. */
export interface FunctionWorkerOptions {
  /** The function's name (in error messages). */
  readonly name: string;
  /** The directory of the function's code (the asset directory in cdk.out). */
  readonly codeDir: string;
  /** `<module>.<export>`, e.g. `index.handler`. */
  readonly handler: string;
  /** The whole environment of the function (nothing of the host's process.env is added). */
  readonly env: Readonly<Record<string, string>>;
  /** @default DEFAULT_LOG_LINES */
  readonly logLines?: number;
  /** Called with the function's recent output when an invocation fails. */
  readonly onError?: (error: Error, logs: readonly string[]) => void;
}

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
}

type WorkerAnswer =
  | { readonly id: number; readonly ok: true; readonly json?: string }
  | {
      readonly id: number;
      readonly ok: false;
      readonly error: {
        readonly errorType: string;
        readonly errorMessage: string;
        readonly trace?: string[];
      };
    };

/** An error of the function as the Node.js runtime reports it: `name` is the errorType. */
function functionError(errorType: string, errorMessage: string, trace: readonly string[]): Error {
  const error = new Error(errorMessage);
  error.name = errorType;
  error.stack = trace.length > 0 ? trace.join('\n') : `${errorType}: ${errorMessage}`;
  return error;
}

/** One function's worker: started at the first invocation, restarted after it exits. */
export class FunctionWorker {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private readonly lines: string[] = [];
  private partial = { stdout: '', stderr: '' };
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: FunctionWorkerOptions) {}

  /** The function's most recent output lines (stdout and stderr), oldest first. */
  logs(): readonly string[] {
    return [...this.lines];
  }

  /** Runs one invocation; rejects with the function's error (its `name` is the errorType). */
  invoke(event: unknown, context: LocalLambdaContext): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error(`function ${this.options.name} has been stopped`));
    const worker = this.start();
    const id = this.nextId++;
    const { getRemainingTimeInMillis, ...plain } = context;
    const message = { id, event, context: { ...plain, deadline: Date.now() + getRemainingTimeInMillis() } };
    return new Promise<unknown>((resolve, reject) => {
      this.pending.set(id, {
        resolve,
        reject: (error) => {
          const logs = this.logs();
          this.options.onError?.(error, logs);
          // The caller of Invoke sees the function's last lines in the error's trace.
          if (logs.length > 0) {
            error.stack = [
              error.stack ?? '',
              `--- last output of ${this.options.name} ---`,
              ...logs.slice(-TRACE_LOG_LINES),
            ].join('\n');
          }
          reject(error);
        },
      });
      worker.postMessage(message);
    });
  }

  /** Stops the worker; pending invocations fail. */
  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
    this.failPending('Runtime.ExitError', 'the local deployment was closed');
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_FILE, {
      workerData: { codeDir: this.options.codeDir, handler: this.options.handler },
      env: { ...this.options.env },
      execArgv: [],
      stdout: true,
      stderr: true,
    });
    worker.unref();
    worker.stdout.on('data', (chunk: Buffer) => this.capture('stdout', chunk));
    worker.stderr.on('data', (chunk: Buffer) => this.capture('stderr', chunk));
    worker.on('message', (answer: WorkerAnswer) => this.answer(answer));
    worker.on('error', (error) => {
      this.capture('stderr', Buffer.from(`${error.stack ?? error.message}\n`));
      this.exited(worker, `Runtime.ExitError`, `the function's worker failed: ${error.message}`);
    });
    worker.on('exit', (code) =>
      this.exited(worker, 'Runtime.ExitError', `the function's worker exited with code ${code}`),
    );
    this.worker = worker;
    return worker;
  }

  private exited(worker: Worker, errorType: string, message: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.failPending(errorType, message);
  }

  private failPending(errorType: string, message: string): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const { reject } of pending) reject(functionError(errorType, message, this.logs()));
  }

  private answer(answer: WorkerAnswer): void {
    const pending = this.pending.get(answer.id);
    if (!pending) return;
    this.pending.delete(answer.id);
    if (answer.ok) {
      pending.resolve(answer.json === undefined ? undefined : JSON.parse(answer.json));
      return;
    }
    const { errorType, errorMessage, trace = [] } = answer.error;
    pending.reject(functionError(errorType, errorMessage, trace));
  }

  private capture(stream: 'stdout' | 'stderr', chunk: Buffer): void {
    const text = this.partial[stream] + chunk.toString('utf8');
    const parts = text.split('\n');
    this.partial[stream] = parts.pop() ?? '';
    const max = this.options.logLines ?? DEFAULT_LOG_LINES;
    for (const line of parts) {
      if (line === '') continue;
      this.lines.push(line);
      if (this.lines.length > max) this.lines.shift();
    }
  }
}
