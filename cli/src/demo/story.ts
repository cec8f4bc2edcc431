/**
 * The demo story (`npm start` = `streamgov demo`), run in-process with the local cloud: deploy the app
 * locally, then sync → assets with columns → publish, subscribe, accept → GRANTED with the policies →
 * a Flink application's lineage → a schema change and a new revision → revoke → reconcile without drift.
 * Every trigger goes through the deployed app (Lambda Invoke, EventBridge rules, state machines).
 *
 * @module
 */
import { rm } from 'node:fs/promises';
import {
  assetNamed,
  type EvolutionFacts,
  evolveSchema,
  runCatalogSync,
  type TopicAssetView,
} from './catalog.ts';
import type { DemoContext } from './context.ts';
import { DemoStepError } from './errors.ts';
import { type AccessFacts, type GrantFacts, grantSubscription, revokeSubscription } from './grant.ts';
import { flinkLineage, type LineageFacts } from './lineage.ts';
import type { Printer } from './printer.ts';
import { type ReconcileFacts, reconcile } from './reconcile.ts';
import { type SetupFacts, setUpDemo } from './setup.ts';
import { renderSummary, type StepOutcome, StepRunner } from './steps.ts';

/** The topic the story follows. */
export const STORY_TOPIC = 'orders';

/** The story's time budget. */
export const STORY_BUDGET_MS = 120_000;

/** Options of {@link runDemoStory}. */
export interface StoryOptions {
  readonly printer: Printer;
  /** Leave the local cloud and the deployment running (the caller closes them). @default false */
  readonly keep?: boolean;
  /** @default 0 (a free port) */
  readonly port?: number;
}

/** Everything each step observed (what the end-to-end test asserts). */
export interface StoryFacts {
  setup?: SetupFacts;
  assets?: readonly TopicAssetView[];
  grant?: GrantFacts;
  lineage?: LineageFacts;
  evolution?: EvolutionFacts;
  revoke?: AccessFacts;
  /** Reconcile while the grant is live, and after the revoke. */
  reconcileGranted?: ReconcileFacts;
  reconcile?: ReconcileFacts;
}

/** How the story ended. */
export interface DemoRun {
  /** 0 when every step succeeded, 1 otherwise. */
  readonly exitCode: 0 | 1;
  readonly outcomes: readonly StepOutcome[];
  readonly totalMs: number;
  readonly facts: StoryFacts;
  /** The failed step, when one failed. */
  readonly failure?: DemoStepError;
  /** The running local cloud and deployment (only with `keep` and when the deployment succeeded). */
  readonly context?: DemoContext;
  /** Stops whatever is still running and removes the work directory (idempotent). */
  close(): Promise<void>;
}

/**
 * Runs the story. Never throws for a failed step: the run says which step failed and why.
 * @returns The run; call `close()` when done with it.
 */
export async function runDemoStory(options: StoryOptions): Promise<DemoRun> {
  const { printer } = options;
  const started = performance.now();
  const runner = new StepRunner(printer);
  const facts: StoryFacts = {};
  const closers: (() => Promise<void>)[] = [];
  let context: DemoContext | undefined;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    for (const closer of closers.reverse()) await closer();
  };
  let failure: DemoStepError | undefined;
  try {
    const setup = await runner.step('start the local cloud, synthesize and deploy the app', () =>
      setUpDemo({
        printer,
        runSchedules: options.keep ?? false,
        ...(options.port === undefined ? {} : { port: options.port }),
        onResource: (closer) => closers.push(closer),
      }),
    );
    context = setup.context;
    facts.setup = setup.facts;
    const workDir = setup.facts.workDir;
    if (!options.keep) closers.unshift(() => rm(workDir, { recursive: true, force: true }));
    const ctx = context;
    const synced = await runner.step('sync: the deployed catalog sync creates the topic assets', () =>
      runCatalogSync(ctx),
    );
    facts.assets = synced.assets;
    const topic = assetNamed(synced.assets, STORY_TOPIC);
    facts.grant = await runner.step(
      `publish, subscribe, accept: the grant workflow grants ${STORY_TOPIC}`,
      () => grantSubscription(ctx, topic),
    );
    facts.reconcileGranted = await runner.step(
      'reconcile while granted: the policies in force match DataZone',
      () => reconcile(ctx),
    );
    facts.lineage = await runner.step('a Flink application starts: lineage linked to the topic asset', () =>
      flinkLineage(ctx, topic),
    );
    facts.evolution = await runner.step(`the ${STORY_TOPIC} schema evolves: a new asset revision`, () =>
      evolveSchema(ctx, STORY_TOPIC),
    );
    const grant = facts.grant;
    facts.revoke = await runner.step('the subscription is revoked: the access is gone', () =>
      revokeSubscription(ctx, grant),
    );
    facts.reconcile = await runner.step('reconcile: no drift', () => reconcile(ctx));
  } catch (error) {
    if (!(error instanceof DemoStepError)) throw error;
    failure = error;
  }
  const totalMs = Math.round(performance.now() - started);
  printer.line();
  printer.line('summary');
  for (const line of renderSummary(runner.outcomes, totalMs)) printer.line(`  ${line}`);
  if (failure) {
    printer.line();
    printer.line(
      `FAILED at step "${failure.step}": ${failure.cause instanceof Error ? `${failure.cause.name}: ${failure.cause.message}` : String(failure.cause)}`,
    );
    for (const error of context?.functionErrors ?? []) printer.line(`  function failure: ${error}`);
  }
  const keepRunning = options.keep === true && failure === undefined && context !== undefined;
  if (!keepRunning) await close();
  return {
    exitCode: failure ? 1 : 0,
    outcomes: runner.outcomes,
    totalMs,
    facts,
    ...(failure ? { failure } : {}),
    ...(keepRunning && context ? { context } : {}),
    close,
  };
}
