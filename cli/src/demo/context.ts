/**
 * What the steps of the demo share: the local cloud, the seeded estate, the clients per account, the
 * configuration and the local deployment of the app.
 *
 * @module
 */
import { InvokeCommand } from '@aws-sdk/client-lambda';
import type { StreamgovConfig } from '../../../infra/config/streamgov-config.ts';
import type { DeployedFunction, DeployedUrl } from '../../../local/src/deploy/types.ts';
import type { LocalCloudHandle, LocalDeployment } from '../../../local/src/index.ts';
import type { DemoAccounts } from './accounts.ts';
import type { DemoEstate } from './demo-config.ts';
import { DemoExpectationError } from './errors.ts';
import type { Printer } from './printer.ts';
import { waitFor } from './wait.ts';

/** The state every step after the deployment works with. */
export interface DemoContext {
  readonly printer: Printer;
  readonly local: LocalCloudHandle;
  readonly estate: DemoEstate;
  readonly accounts: DemoAccounts;
  readonly config: StreamgovConfig;
  /** The configuration file written for the seeded ids (the CLI commands read it). */
  readonly configFile: string;
  readonly deployment: LocalDeployment;
  /** Failures of deployed functions (name, error, last log lines), newest last. */
  readonly functionErrors: readonly string[];
}

/** How long the demo waits for asynchronous work of the deployed app before it gives up. */
export const DEFAULT_DEADLINE_MS = 45_000;

/**
 * Waits for `check` to return a value, letting the local cloud settle between checks; shows progress.
 * @throws DemoTimeoutError naming `what` (with the last function failure, if any) after the deadline.
 */
export async function waitInCloud<T>(
  context: DemoContext,
  what: string,
  check: () => Promise<T | undefined>,
  deadlineMs = DEFAULT_DEADLINE_MS,
): Promise<T> {
  try {
    return await waitFor(check, {
      settle: () => context.local.cloud.settle(),
      deadlineMs,
      what,
      onWait: (waited) => context.printer.progress(`waiting for ${what} (${Math.round(waited / 1000)} s)`),
    });
  } catch (error) {
    const last = context.functionErrors.at(-1);
    if (last && error instanceof Error) error.message = `${error.message}; last function failure: ${last}`;
    throw error;
  }
}

/** What the stacks of `account` deployed of `kind` whose logical id starts with `logicalIdPrefix`. */
function deployed<K extends 'functions' | 'urls'>(
  deployment: LocalDeployment,
  account: string,
  kind: K,
  logicalIdPrefix: string,
): LocalDeployment['stacks'][number][K][string] | undefined {
  for (const stack of deployment.stacks.filter((s) => s.account === account)) {
    const found = Object.entries(stack[kind]).find(([id]) => id.startsWith(logicalIdPrefix));
    if (found) return found[1];
  }
  return undefined;
}

/** A deployed function of the stack in `account` whose logical id starts with `logicalIdPrefix`. */
export function deployedFunction(
  deployment: LocalDeployment,
  account: string,
  logicalIdPrefix: string,
): DeployedFunction | undefined {
  return deployed(deployment, account, 'functions', logicalIdPrefix);
}

/**
 * Like {@link deployedFunction}, for functions the story cannot do without.
 * @throws DemoExpectationError naming the function the deployment lacks.
 */
export function requireFunction(
  deployment: LocalDeployment,
  account: string,
  logicalIdPrefix: string,
): DeployedFunction {
  const found = deployedFunction(deployment, account, logicalIdPrefix);
  if (!found) {
    throw new DemoExpectationError(
      `the local deployment has no function ${logicalIdPrefix}* in account ${account}: is it in the app?`,
    );
  }
  return found;
}

/** A Function URL of the stack in `account` whose logical id starts with `logicalIdPrefix`. */
export function deployedUrl(
  deployment: LocalDeployment,
  account: string,
  logicalIdPrefix: string,
): DeployedUrl | undefined {
  return deployed(deployment, account, 'urls', logicalIdPrefix);
}

/**
 * Invokes a deployed function through the Lambda API (RequestResponse) as the governance account.
 * @returns The function's result, parsed.
 * @throws DemoExpectationError with the function's `errorType: errorMessage` when it fails.
 */
export async function invokeFunction<T>(context: DemoContext, name: string, event: unknown): Promise<T> {
  const out = await context.accounts.governance
    .lambda()
    .send(
      new InvokeCommand({ FunctionName: name, Payload: new TextEncoder().encode(JSON.stringify(event)) }),
    );
  const payload = out.Payload ? new TextDecoder().decode(out.Payload) : '';
  if (out.FunctionError) {
    let reason = payload;
    try {
      const error = JSON.parse(payload) as { errorType?: string; errorMessage?: string };
      reason = `${error.errorType ?? 'Error'}: ${error.errorMessage ?? ''}`;
    } catch {
      // Not the runtime's error document: shown as it came.
    }
    throw new DemoExpectationError(`function ${name} failed: ${reason}`);
  }
  return JSON.parse(payload) as T;
}
