/**
 * Configuration and wiring of reconcile: the settings (from the configuration file in the CLI, from the
 * environment in the scheduled function), the environment keys infra sets, and the ports built from a
 * ClientFactory (DataZone in the domain account; SSM, IAM and MSK in each environment account through
 * its reconcile role).
 */
import { DEFAULT_NAMES, type TopicAssetTypeNames, topicAssetType } from '../../asset-types/src/definition.ts';
import { assumeRoleCredentials } from '../../common/src/assume-role.ts';
import { ClientFactory } from '../../common/src/clients.ts';
import {
  booleanKey,
  DOMAIN_ID,
  jsonKey,
  parseSettings,
  stringFieldsKey,
  stringKey,
} from '../../common/src/config.ts';
import { isJsonObject } from '../../common/src/json.ts';
import type { Log } from '../../common/src/logger.ts';
import type { Clock } from '../../common/src/rate-limiter.ts';
import { DataZoneSubscriptions } from './adapters/datazone-subscriptions.ts';
import { IamRolePolicyStore } from './adapters/iam-role-policy-store.ts';
import { MskClusterPolicyStore } from './adapters/msk-cluster-policy-store.ts';
import { SsmGrantLedger } from './adapters/ssm-grant-ledger.ts';
import { SsmLedgerInventory } from './adapters/ssm-ledger-inventory.ts';
import type { EnvironmentReconcilePorts, ReconcileParams } from './reconcile.ts';
import type { ConsumerGroupMode, GrantDirectory } from './resolve-grants.ts';
import {
  DEFAULT_GRANT_SETTINGS,
  type GrantSettings,
  grantSettings,
  type ManagementSettings,
} from './settings.ts';

/** An environment account as reconcile reaches it. */
export interface ReconcileEnvironment {
  readonly account: string;
  readonly region: string;
  /** Role in that account reconcile assumes (read IAM, MSK, SSM; with apply, write them). */
  readonly reconcileRoleArn: string;
}

/** Everything reconcile is configured with. */
export interface ReconcileSettings {
  readonly domainId: string;
  /** Streamgov's topic asset type and form type names (the listing forms are decoded with them). */
  readonly assetTypeNames: TopicAssetTypeNames;
  readonly ledgerPrefix: string;
  readonly environments: readonly ReconcileEnvironment[];
  readonly consumerGroups: ConsumerGroupMode;
  readonly management: ManagementSettings;
  readonly managedVpcConnectivity: boolean;
  /** Repair drift (the scheduled run defaults to report-only). */
  readonly apply: boolean;
}

/** Environment variable keys of the scheduled reconcile function; infra sets them from these constants. */
export const RECONCILE_ENV = {
  domainId: 'DOMAIN_ID',
  assetTypeNames: 'ASSET_TYPE_NAMES',
  ledgerPrefix: 'LEDGER_PREFIX',
  environments: 'GRANT_ENVIRONMENTS',
  consumerGroups: 'CONSUMER_GROUPS',
  management: 'MANAGEMENT',
  managedVpcConnectivity: 'MANAGED_VPC_CONNECTIVITY',
  apply: 'RECONCILE_APPLY',
} as const satisfies Record<keyof ReconcileSettings, string>;

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

/**
 * The environment of the reconcile function for `settings` (infra passes this to the Lambda function).
 * @param settings - The settings.
 * @returns Environment variables keyed by {@link RECONCILE_ENV}.
 */
export function reconcileEnvironment(settings: ReconcileSettings): Record<string, string> {
  return {
    [RECONCILE_ENV.domainId]: settings.domainId,
    [RECONCILE_ENV.assetTypeNames]: JSON.stringify(settings.assetTypeNames),
    [RECONCILE_ENV.ledgerPrefix]: settings.ledgerPrefix,
    [RECONCILE_ENV.environments]: JSON.stringify(settings.environments),
    [RECONCILE_ENV.consumerGroups]: JSON.stringify(settings.consumerGroups),
    [RECONCILE_ENV.management]: JSON.stringify(settings.management),
    [RECONCILE_ENV.managedVpcConnectivity]: String(settings.managedVpcConnectivity),
    [RECONCILE_ENV.apply]: String(settings.apply),
  };
}

/**
 * Reads the reconcile settings from the function's environment (written by {@link reconcileEnvironment}).
 * @param env - A process.env-like record.
 * @returns The settings; `apply` defaults to false (report-only).
 * @throws ConfigError listing every missing or invalid key.
 */
export function loadReconcileSettings(env: Readonly<Record<string, string | undefined>>): ReconcileSettings {
  return parseSettings(
    RECONCILE_ENV,
    {
      domainId: stringKey({ pattern: DOMAIN_ID }),
      assetTypeNames: stringFieldsKey(DEFAULT_NAMES),
      ledgerPrefix: stringKey({ pattern: /^(\/[a-zA-Z0-9_.-]+){1,12}$/ }),
      environments: jsonKey<ReconcileEnvironment[]>((v) =>
        Array.isArray(v) &&
        v.length > 0 &&
        v.every(
          (e) =>
            isJsonObject(e) &&
            typeof e.account === 'string' &&
            /^\d{12}$/.test(e.account) &&
            typeof e.region === 'string' &&
            typeof e.reconcileRoleArn === 'string' &&
            ROLE_ARN.test(e.reconcileRoleArn),
        )
          ? []
          : ['must be a non-empty JSON array of {account, region, reconcileRoleArn}'],
      ),
      consumerGroups: jsonKey<ConsumerGroupMode>(
        (v) =>
          v === 'all' || (isJsonObject(v) && v.prefixPerEnvironment === true)
            ? []
            : ['must be "all" or {"prefixPerEnvironment": true}'],
        'all',
      ),
      management: jsonKey<ManagementSettings>(
        (v) =>
          isJsonObject(v) &&
          typeof v.tagKey === 'string' &&
          typeof v.tagValue === 'string' &&
          Array.isArray(v.pathPrefixes) &&
          v.pathPrefixes.every((p) => typeof p === 'string')
            ? []
            : ['must be {"tagKey", "tagValue", "pathPrefixes": [...]}'],
        DEFAULT_GRANT_SETTINGS.management,
      ),
      managedVpcConnectivity: booleanKey(false),
      apply: booleanKey(false),
    },
    env,
  );
}

/** The reconcile settings of this Lambda function (its environment). @throws ConfigError */
export function reconcileSettingsFromEnvironment(): ReconcileSettings {
  return loadReconcileSettings(process.env);
}

/** The grant settings reconcile renders and repairs with (the workflow's defaults otherwise). */
export function reconcileGrantSettings(settings: ReconcileSettings): GrantSettings {
  return grantSettings({
    management: settings.management,
    managedVpcConnectivity: settings.managedVpcConnectivity,
  });
}

/** Reconcile's ports: DataZone in the domain account, the environment ports per account. */
export interface ReconcileDependencies {
  readonly directory: GrantDirectory;
  readonly environments: ReadonlyMap<string, EnvironmentReconcilePorts>;
}

/**
 * Builds reconcile's adapters. `factory` acts in the domain account; each environment account is reached
 * by assuming its reconcile role.
 * @param options - The domain account's factory, the settings and the log.
 * @returns The ports.
 */
export function createReconcileDependencies(options: {
  readonly factory: ClientFactory;
  readonly settings: ReconcileSettings;
  readonly log: Log;
}): ReconcileDependencies {
  const { factory, settings, log } = options;
  const definition = topicAssetType(settings.assetTypeNames);
  const grant = reconcileGrantSettings(settings);
  const environments = new Map<string, EnvironmentReconcilePorts>();
  for (const environment of settings.environments) {
    const scoped = new ClientFactory({
      ...factory.settings,
      region: environment.region,
      credentials: assumeRoleCredentials(factory.sts(), environment.reconcileRoleArn, 'streamgov-reconcile'),
    });
    environments.set(environment.account, {
      account: environment.account,
      ledger: new SsmGrantLedger({ client: scoped.ssm(), prefix: settings.ledgerPrefix, log }),
      inventory: new SsmLedgerInventory({ client: scoped.ssm(), prefix: settings.ledgerPrefix }),
      roles: new IamRolePolicyStore({
        client: scoped.iam(),
        managedPolicyPath: grant.managedPolicyPath,
        log,
      }),
      clusters: new MskClusterPolicyStore({ client: scoped.kafka(), log }),
    });
  }
  return {
    directory: new DataZoneSubscriptions({
      client: factory.dataZone(),
      domainId: settings.domainId,
      definition,
      log,
    }),
    environments,
  };
}

/**
 * The parameters of one reconcile run with `settings` and their ports (the scheduled function and
 * `streamgov reconcile` run the same): report-only unless `settings.apply`.
 */
export function reconcileParams(
  settings: ReconcileSettings,
  dependencies: ReconcileDependencies,
  runtime: { readonly log: Log; readonly clock: Clock; readonly random: () => number },
): ReconcileParams {
  return {
    domainId: settings.domainId,
    assetType: settings.assetTypeNames.assetType,
    consumerGroups: settings.consumerGroups,
    settings: reconcileGrantSettings(settings),
    directory: dependencies.directory,
    environments: dependencies.environments,
    apply: settings.apply,
    ...runtime,
  };
}
