/**
 * Synthesizes the streamgov CDK app the way infra/bin/app.ts does (`addStreamgovStacks` on a new App),
 * into a given cloud assembly directory, with real NodejsFunction bundling. {@link synthesizeInChild}
 * runs it in a child process, so that the caller stays responsive and can show the bundler's progress.
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import type { StreamgovConfig } from '../../../infra/config/streamgov-config.ts';
import { addStreamgovStacks } from '../../../infra/lib/stacks/streamgov-app.ts';
import { DemoExpectationError } from './errors.ts';

/** What {@link synthesizeApp} produced. */
export interface SynthesizedApp {
  readonly cdkOut: string;
  /** The stack names, governance first. */
  readonly stacks: readonly string[];
}

/** Marks the result line of the child process. */
export const SYNTH_RESULT_PREFIX = 'streamgov-synth-result ';

const ENTRY = fileURLToPath(new URL('./synth-entry.ts', import.meta.url));
const BUNDLING = /^Bundling asset (\S+?)(?:\/Code\/Stage)?\.\.\.$/u;

/**
 * Builds the app for `config` and writes its cloud assembly to `cdkOut`.
 * @throws ConfigError when the configuration cannot be deployed (see planApp); CDK validation errors.
 */
export function synthesizeApp(config: StreamgovConfig, cdkOut: string): SynthesizedApp {
  const app = new App({ outdir: cdkOut });
  const stacks = addStreamgovStacks(app, config);
  app.synth();
  return {
    cdkOut,
    stacks: [stacks.governance.stackName, ...stacks.environments.map((s) => s.stackName)],
  };
}

/** Options of {@link synthesizeInChild}. */
export interface ChildSynthOptions {
  readonly configFile: string;
  readonly cdkOut: string;
  /** Called with the construct path of each function as its bundling starts (1-based count). */
  readonly onBundling?: (path: string, count: number) => void;
}

/**
 * Runs {@link synthesizeApp} for a configuration file in a child Node.js process (with tsx).
 * @throws DemoExpectationError with the child's last output lines when it fails.
 */
export function synthesizeInChild(
  options: ChildSynthOptions,
): Promise<SynthesizedApp & { readonly bundled: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, options.configFile, options.cdkOut], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const tail: string[] = [];
    let bundled = 0;
    let result: SynthesizedApp | undefined;
    const partial = { stdout: '', stderr: '' };
    const read = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
      const lines = (partial[stream] + chunk.toString()).split('\n');
      partial[stream] = lines.pop() ?? '';
      for (const raw of lines) {
        const line = raw.trim();
        if (line === '') continue;
        if (line.startsWith(SYNTH_RESULT_PREFIX)) {
          result = JSON.parse(line.slice(SYNTH_RESULT_PREFIX.length)) as SynthesizedApp;
          continue;
        }
        tail.push(line);
        if (tail.length > 30) tail.shift();
        const bundling = BUNDLING.exec(line);
        if (bundling?.[1]) options.onBundling?.(bundling[1], ++bundled);
      }
    };
    child.stdout.on('data', read('stdout'));
    child.stderr.on('data', read('stderr'));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0 && result) resolve({ ...result, bundled });
      else
        reject(
          new DemoExpectationError(
            `synthesizing the app failed (exit code ${code}):\n${tail.slice(-15).join('\n')}`,
          ),
        );
    });
  });
}
