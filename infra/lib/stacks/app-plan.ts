/**
 * What the CDK app deploys where, derived from the configuration file alone. Pure: the stacks build
 * from this plan, and the tests check it without synthesizing anything.
 *
 * @module
 */
import { parseIamRoleArn, parseMskClusterArn } from '../../../common/src/arns.ts';
import { ConfigError } from '../../../common/src/errors.ts';
import type { CatalogSource } from '../../../datasource-lambda/src/config.ts';
import {
  type DeploymentConfig,
  deploymentSettings,
  type StreamgovConfig,
} from '../../config/streamgov-config.ts';
import { grantReconcileEnvironment } from '../constructs/grant-reconcile-schedule-props.ts';
import { grantEnvironmentRegistration } from '../constructs/grant-workflow-props.ts';

/** The stack names of the app (CloudFormation stack names and CDK stack ids). */
export const STACK_NAMES = {
  governance: 'streamgov-governance',
  environment: (account: string) => `streamgov-environment-${account}`,
} as const;

/** A role the catalog sync assumes in an account to read its clusters and registries. */
export interface CatalogReadRolePlan {
  readonly roleArn: string;
  readonly path: string;
  readonly roleName: string;
  /** The sources read through this role (their clusters and registries). */
  readonly sources: readonly CatalogSource[];
}

/** One environment stack: a producer or consumer account. */
export interface EnvironmentPlan {
  readonly account: string;
  readonly region: string;
  /** Whether the account is in `grants.environments` (then it gets the environment grant workflow). */
  readonly grants: boolean;
  /** Clusters whose policies the grant workflow may change: configured, or the sources' clusters here. */
  readonly clusterArns: readonly string[];
  /** Catalog read roles in this account (sources with a `readRoleArn` here). */
  readonly catalogReadRoles: readonly CatalogReadRolePlan[];
  /** Forward this account's Glue Schema Registry CloudTrail events (it holds a catalog source). */
  readonly forwardSchemaEvents: boolean;
  /** Forward this account's Managed Service for Apache Flink CloudTrail events (a consumer account). */
  readonly forwardFlinkEvents: boolean;
}

/** The whole app. */
export interface AppPlan {
  readonly region: string;
  readonly deployment: DeploymentConfig;
  readonly environments: readonly EnvironmentPlan[];
  /** Accounts that put events on the governance account's default bus (sorted, governance excluded). */
  readonly forwardingAccounts: readonly string[];
}

/** The account a source's cluster and registry live in: its read role's, else its cluster's, else none. */
function sourceAccount(source: CatalogSource): string | undefined {
  if (source.readRoleArn) return parseIamRoleArn(source.readRoleArn, 'readRoleArn').account;
  if (source.clusterArn) return parseMskClusterArn(source.clusterArn).account;
  return undefined;
}

/**
 * The plan of the app for a validated configuration.
 * @throws ConfigError when the configuration has no `deployment` section, or names environment ARNs that
 *   differ from what the environment stacks create (each problem names the key, the value and the fix).
 */
export function planApp(config: StreamgovConfig): AppPlan {
  const deployment = deploymentSettings(config);
  const governance = deployment.governanceAccount;
  const problems: string[] = [];
  const grantEnvironments = config.grants?.environments ?? [];
  grantEnvironments.forEach((environment, i) => {
    const expected = grantEnvironmentRegistration({
      account: environment.account,
      region: environment.region,
    });
    const check = (key: 'stateMachineArn' | 'invokeRoleArn', want: string) => {
      const given = environment[key];
      if (given !== undefined && given !== want) {
        problems.push(
          `grants.environments[${i}].${key} ${JSON.stringify(given)} differs from what the environment stack creates (${want}): remove it or set it to that value`,
        );
      }
    };
    check('stateMachineArn', expected.stateMachineArn);
    check('invokeRoleArn', expected.invokeRoleArn);
    const reconcile = grantReconcileEnvironment({ account: environment.account, region: environment.region });
    if (environment.reconcileRoleArn !== reconcile.reconcileRoleArn) {
      problems.push(
        `grants.environments[${i}].reconcileRoleArn ${JSON.stringify(environment.reconcileRoleArn)} differs from the reconcile role the environment stack creates (${reconcile.reconcileRoleArn}): set it to that value`,
      );
    }
  });
  if (problems.length > 0) throw new ConfigError(problems);

  const accounts = new Map<string, { region: string; grants: boolean; clusterArns?: readonly string[] }>();
  for (const environment of grantEnvironments) {
    accounts.set(environment.account, {
      region: environment.region,
      grants: true,
      ...(environment.clusterArns ? { clusterArns: environment.clusterArns } : {}),
    });
  }
  const sourceAccounts = new Set<string>();
  for (const source of config.catalog.sources) {
    const account = sourceAccount(source);
    if (account === undefined) continue;
    sourceAccounts.add(account);
    if (!accounts.has(account) && source.readRoleArn) {
      accounts.set(account, { region: config.region, grants: false });
    }
  }

  const environments = [...accounts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([account, entry]): EnvironmentPlan => {
      const here = config.catalog.sources.filter((s) => sourceAccount(s) === account);
      const roles = new Map<string, CatalogSource[]>();
      for (const source of here.filter((s) => s.readRoleArn)) {
        const arn = source.readRoleArn ?? '';
        roles.set(arn, [...(roles.get(arn) ?? []), source]);
      }
      const sourceClusters = [
        ...new Set(here.flatMap((s) => (s.clusterArn && sourceAccount(s) === account ? [s.clusterArn] : []))),
      ];
      const remote = account !== governance;
      return {
        account,
        region: entry.region,
        grants: entry.grants,
        clusterArns: entry.clusterArns ?? sourceClusters,
        catalogReadRoles: [...roles.entries()].map(([roleArn, sources]) => {
          const role = parseIamRoleArn(roleArn, 'readRoleArn');
          return { roleArn, path: role.path, roleName: role.roleName, sources };
        }),
        forwardSchemaEvents: remote && sourceAccounts.has(account),
        forwardFlinkEvents: remote && entry.grants,
      };
    });
  const forwardingAccounts = environments
    .filter((e) => e.forwardSchemaEvents || e.forwardFlinkEvents)
    .map((e) => e.account);
  return { region: config.region, deployment, environments, forwardingAccounts };
}
