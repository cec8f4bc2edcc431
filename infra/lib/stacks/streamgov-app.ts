import type { App } from 'aws-cdk-lib';
import type { StreamgovConfig } from '../../config/streamgov-config.ts';
import { type AppPlan, planApp, STACK_NAMES } from './app-plan.ts';
import { EnvironmentStack } from './environment-stack.ts';
import { GovernanceStack } from './governance-stack.ts';

/** The stacks of the app. */
export interface StreamgovStacks {
  readonly plan: AppPlan;
  readonly governance: GovernanceStack;
  /** One per environment account, in account order. */
  readonly environments: readonly EnvironmentStack[];
}

/**
 * Adds streamgov's stacks to `app`: the governance stack in the DataZone domain's account and one
 * environment stack per producer or consumer account, all built from one validated configuration.
 * @throws ConfigError as {@link planApp}.
 * @example
 * const app = new App();
 * addStreamgovStacks(app, await loadStreamgovConfig('streamgov.json'));
 */
export function addStreamgovStacks(app: App, config: StreamgovConfig): StreamgovStacks {
  const plan = planApp(config);
  const description = 'streamgov: Kafka topics as governed Amazon DataZone assets';
  const environments = plan.environments.map(
    (environment) =>
      new EnvironmentStack(app, STACK_NAMES.environment(environment.account), {
        stackName: STACK_NAMES.environment(environment.account),
        description: `${description} (environment account: grants, event forwarding, catalog read roles)`,
        env: { account: environment.account, region: environment.region },
        config,
        plan,
        environment,
      }),
  );
  const governance = new GovernanceStack(app, STACK_NAMES.governance, {
    stackName: STACK_NAMES.governance,
    description: `${description} (governance account: asset type, catalog sync, grants, lineage)`,
    env: { account: plan.deployment.governanceAccount, region: plan.region },
    config,
    plan,
  });
  return { plan, governance, environments };
}
