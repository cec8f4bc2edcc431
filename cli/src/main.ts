import { ASSET_TYPE_USAGE, runAssetType } from './commands/asset-type.ts';
import { DEMO_USAGE, runDemo } from './commands/demo.ts';
import { LINEAGE_USAGE, runLineage } from './commands/lineage.ts';
import { LOCAL_USAGE, runLocal } from './commands/local.ts';
import { RECONCILE_USAGE, runReconcile } from './commands/reconcile.ts';
import { runSubscriptionTarget, SUBSCRIPTION_TARGET_USAGE } from './commands/subscription-target.ts';
import { runSync, SYNC_USAGE } from './commands/sync.ts';
import { UsageError } from './usage.ts';

const COMMANDS: Readonly<
  Record<string, { usage: string; run: (args: readonly string[]) => Promise<number> }>
> = {
  local: { usage: LOCAL_USAGE, run: runLocal },
  'asset-type': { usage: ASSET_TYPE_USAGE, run: runAssetType },
  sync: { usage: SYNC_USAGE, run: runSync },
  reconcile: { usage: RECONCILE_USAGE, run: runReconcile },
  'subscription-target': { usage: SUBSCRIPTION_TARGET_USAGE, run: runSubscriptionTarget },
  lineage: { usage: LINEAGE_USAGE, run: runLineage },
  demo: { usage: DEMO_USAGE, run: runDemo },
};

function usage(): string {
  return `usage:\n${Object.values(COMMANDS)
    .map((c) => `  ${c.usage}`)
    .join('\n')}`;
}

/** Runs one CLI command; returns the exit code (0 ok, 1 failure, 2 usage). */
export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    process.stderr.write(`${name ? `unknown command "${name}"\n` : ''}${usage()}\n`);
    return 2;
  }
  try {
    return await command.run(args);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\nusage: ${error.usage}\n`);
      return 2;
    }
    if (error instanceof TypeError && (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`${error.message}\nusage: ${command.usage}\n`);
      return 2;
    }
    process.stderr.write(`${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
