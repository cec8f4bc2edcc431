/**
 * Settings of the Flink lifecycle function, from its environment. The keys are exported constants that
 * infra (FlinkLineageEmitter) sets; nothing else reads `process.env`.
 *
 * @module
 */
import type { ClusterSource } from '../../../asset-types/src/adapters/msk-clusters.ts';
import {
  booleanKey,
  DOMAIN_ID,
  optionalStringKey,
  parseSettings,
  stringKey,
} from '../../../common/src/config.ts';
import { ConfigError } from '../../../common/src/errors.ts';
import { clusterSourcesKey } from '../sources-key.ts';
import { DEFAULT_LINEAGE_PROPERTY_GROUP_ID } from './convention.ts';

/** Default name of the role the emitter assumes in an application's account to describe it. */
export const DEFAULT_APPLICATION_READ_ROLE_NAME = 'streamgov-flink-lineage-read';

/** `arn:<partition>:iam::<account>:role/<name>`: the application read role in an application's account. */
export function applicationReadRoleArn(account: string, roleName: string, partition = 'aws'): string {
  return `arn:${partition}:iam::${account}:role/${roleName}`;
}

/** Everything the Flink lifecycle function needs to know. */
export interface FlinkLifecycleSettings {
  /** The DataZone domain the lineage goes to. */
  readonly domainId: string;
  /** The account the function runs in: applications there are described without assuming a role. */
  readonly accountId: string;
  /** The catalog sources whose clusters bootstrap servers are canonicalised to (may be empty). */
  readonly sources: readonly ClusterSource[];
  /** Id of the lineage property group. */
  readonly propertyGroupId: string;
  /** Also read Kafka source and sink property groups. */
  readonly readKafkaGroups: boolean;
  /** Name of the role assumed in other accounts: `arn:aws:iam::<account>:role/<name>`. */
  readonly applicationReadRoleName: string;
}

/** Environment variable keys of the Flink lifecycle function. */
export const FLINK_LIFECYCLE_ENV = {
  domainId: 'DOMAIN_ID',
  accountId: 'ACCOUNT_ID',
  sources: 'CATALOG_SOURCES',
  propertyGroupId: 'LINEAGE_PROPERTY_GROUP_ID',
  readKafkaGroups: 'LINEAGE_READ_KAFKA_GROUPS',
  applicationReadRoleName: 'APPLICATION_READ_ROLE_NAME',
} as const satisfies Record<keyof FlinkLifecycleSettings, string>;

/** Kinesis Analytics V2 PropertyGroupId. */
export const PROPERTY_GROUP_ID = /^[a-zA-Z0-9_.-]{1,50}$/;
/** IAM role names. */
export const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/** The function's environment for `settings` (what infra passes to the Lambda function). */
export function flinkLifecycleEnvironment(settings: FlinkLifecycleSettings): Record<string, string> {
  return {
    [FLINK_LIFECYCLE_ENV.domainId]: settings.domainId,
    [FLINK_LIFECYCLE_ENV.accountId]: settings.accountId,
    [FLINK_LIFECYCLE_ENV.sources]: JSON.stringify(settings.sources),
    [FLINK_LIFECYCLE_ENV.propertyGroupId]: settings.propertyGroupId,
    [FLINK_LIFECYCLE_ENV.readKafkaGroups]: String(settings.readKafkaGroups),
    [FLINK_LIFECYCLE_ENV.applicationReadRoleName]: settings.applicationReadRoleName,
  };
}

/**
 * Reads the settings from an environment written by {@link flinkLifecycleEnvironment}.
 * @throws ConfigError listing every missing or invalid key.
 */
export function loadFlinkLifecycleSettings(
  env: Readonly<Record<string, string | undefined>>,
): FlinkLifecycleSettings {
  const E = FLINK_LIFECYCLE_ENV;
  const settings = parseSettings(
    E,
    {
      domainId: stringKey({ pattern: DOMAIN_ID }),
      accountId: stringKey({ pattern: /^\d{12}$/ }),
      sources: clusterSourcesKey(),
      propertyGroupId: optionalStringKey(DEFAULT_LINEAGE_PROPERTY_GROUP_ID),
      readKafkaGroups: booleanKey(true),
      applicationReadRoleName: optionalStringKey(DEFAULT_APPLICATION_READ_ROLE_NAME),
    },
    env,
  );
  const problems: string[] = [];
  const { propertyGroupId, applicationReadRoleName } = settings;
  if (!PROPERTY_GROUP_ID.test(propertyGroupId))
    problems.push(`${E.propertyGroupId}="${propertyGroupId}" does not match ${PROPERTY_GROUP_ID.source}`);
  if (!ROLE_NAME.test(applicationReadRoleName))
    problems.push(
      `${E.applicationReadRoleName}="${applicationReadRoleName}" does not match ${ROLE_NAME.source}`,
    );
  if (problems.length > 0) throw new ConfigError(problems);
  return settings;
}

/** The settings of this Lambda function (its environment). @throws ConfigError */
export function flinkLifecycleSettingsFromEnvironment(): FlinkLifecycleSettings {
  return loadFlinkLifecycleSettings(process.env);
}
