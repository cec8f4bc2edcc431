import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { keepInstructions } from '../demo/keep.ts';
import { createPrinter } from '../demo/printer.ts';
import { formatDuration } from '../demo/steps.ts';
import { runDemoStory, STORY_BUDGET_MS } from '../demo/story.ts';
import { UsageError } from '../usage.ts';

export const DEMO_USAGE = 'streamgov demo [--keep] [--port N]';

/**
 * `npm start` = `streamgov demo`: starts the local cloud with the demo estate, synthesizes and deploys
 * the app on it, and walks the whole story (docs/demo.md), printing each step with what changed and a
 * summary. Exit 0 when every step succeeded, 1 naming the failed step otherwise. With `--keep`, the
 * local cloud and the deployment keep running (with instructions) until SIGINT/SIGTERM.
 */
export async function runDemo(args: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: { keep: { type: 'boolean', default: false }, port: { type: 'string' } },
    strict: true,
    allowPositionals: false,
  });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port must be an integer between 0 and 65535, got "${values.port}"`, DEMO_USAGE);
  }
  const printer = createPrinter({
    write: (text) => process.stdout.write(text),
    tty: process.stdout.isTTY === true,
  });
  printer.line('streamgov demo: Kafka topics as governed DataZone assets, on a local cloud');
  const run = await runDemoStory({ printer, keep: values.keep, port });
  if (run.totalMs > STORY_BUDGET_MS) {
    printer.line(
      `note: the story took ${formatDuration(run.totalMs)}, over its ${formatDuration(STORY_BUDGET_MS)} budget`,
    );
  }
  if (run.exitCode !== 0 || !run.context) return run.exitCode;
  const { context } = run;
  printer.line();
  for (const line of keepInstructions({
    url: context.local.url,
    estate: context.estate,
    deployment: context.deployment,
    configFile: context.configFile,
    cdkOut: join(run.facts.setup?.workDir ?? '', 'cdk.out'),
  })) {
    printer.line(line);
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await run.close();
  return 0;
}
