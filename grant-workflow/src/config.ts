import { DEFAULT_NAMES, type TopicAssetTypeNames } from '../../asset-types/src/definition.ts';
import {
  DOMAIN_ID,
  jsonKey,
  numberKey,
  parseConfig,
  stringFieldsKey,
  stringKey,
} from '../../common/src/config.ts';
import { ConfigError } from '../../common/src/errors.ts';
import { isJsonObject } from '../../common/src/json.ts';
import { ENVIRONMENT_TIMEOUT_SECONDS, type EnvironmentTarget } from './contract.ts';

/**
 * Which consumer groups a grant lets the consumer principals use: every group of the cluster, or only
 * the groups whose name starts with `<environmentId>.` (one prefix per consumer environment).
 */
export type ConsumerGroupPolicy = 'all' | 'per-environment';

/** How an environment account is reached: its environment state machine and the role that starts it. */
export type EnvironmentRegistration = Omit<EnvironmentTarget, 'account'>;

/** The central workflow's settings (the CollectMetadata and report functions of the domain account). */
export interface CentralSettings {
  readonly domainId: string;
  /** The topic asset type and its form names (only grants of this asset type are served). */
  readonly assetTypeNames: TopicAssetTypeNames;
  /** Registered environment accounts: account id → state machine and invoke role. */
  readonly environments: Readonly<Record<string, EnvironmentRegistration>>;
  readonly consumerGroups: ConsumerGroupPolicy;
  /** How long the state machine waits for an environment workflow (for failure messages). */
  readonly environmentTimeoutSeconds: number;
}

/** Environment variable keys of the central functions; infra sets them from these constants. */
export const CENTRAL_ENV = {
  domainId: 'DOMAIN_ID',
  assetTypeNames: 'ASSET_TYPE_NAMES',
  environments: 'GRANT_ENVIRONMENTS',
  consumerGroups: 'CONSUMER_GROUPS',
  environmentTimeoutSeconds: 'ENVIRONMENT_TIMEOUT_SECONDS',
} as const satisfies Record<keyof CentralSettings, string>;

const ACCOUNT = /^\d{12}$/;
const STATE_MACHINE_ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:(\d{12}):stateMachine:[a-zA-Z0-9_-]{1,80}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:[\u0021-\u007E]+\/)?[\w+=,.@-]{1,64}$/;

/**
 * Problems of an environment map (empty when valid): 12-digit account keys, each with a state machine
 * ARN and an invoke role ARN of that very account.
 */
export function environmentProblems(value: unknown): string[] {
  if (!isJsonObject(value)) return ['must be a JSON object keyed by account id'];
  const problems: string[] = [];
  for (const [account, entry] of Object.entries(value)) {
    if (!ACCOUNT.test(account)) problems.push(`key ${JSON.stringify(account)} is not a 12-digit account id`);
    if (!isJsonObject(entry)) {
      problems.push(`${account} must be { stateMachineArn, invokeRoleArn }`);
      continue;
    }
    const machine = STATE_MACHINE_ARN.exec(String(entry.stateMachineArn));
    const role = ROLE_ARN.exec(String(entry.invokeRoleArn));
    if (machine?.[1] !== account) {
      problems.push(`${account}.stateMachineArn must be a state machine ARN of account ${account}`);
    }
    if (role?.[1] !== account) {
      problems.push(`${account}.invokeRoleArn must be an IAM role ARN of account ${account}`);
    }
  }
  return problems;
}

/** The environment of the central functions for `settings` (infra passes this to the functions). */
export function centralEnvironment(settings: CentralSettings): Record<string, string> {
  return {
    [CENTRAL_ENV.domainId]: settings.domainId,
    [CENTRAL_ENV.assetTypeNames]: JSON.stringify(settings.assetTypeNames),
    [CENTRAL_ENV.environments]: JSON.stringify(settings.environments),
    [CENTRAL_ENV.consumerGroups]: settings.consumerGroups,
    [CENTRAL_ENV.environmentTimeoutSeconds]: String(settings.environmentTimeoutSeconds),
  };
}

/**
 * Reads the central settings from an environment (written by {@link centralEnvironment}).
 * @throws ConfigError listing every missing or invalid key.
 */
export function loadCentralSettings(env: Readonly<Record<string, string | undefined>>): CentralSettings {
  const parsed = parseConfig(
    {
      [CENTRAL_ENV.domainId]: stringKey({ pattern: DOMAIN_ID }),
      [CENTRAL_ENV.assetTypeNames]: stringFieldsKey<TopicAssetTypeNames>(DEFAULT_NAMES, DEFAULT_NAMES),
      [CENTRAL_ENV.environments]: jsonKey<Record<string, EnvironmentRegistration>>(environmentProblems),
      [CENTRAL_ENV.consumerGroups]: stringKey({ pattern: /^(all|per-environment)$/ }),
      [CENTRAL_ENV.environmentTimeoutSeconds]: numberKey({
        min: 1,
        integer: true,
        default: ENVIRONMENT_TIMEOUT_SECONDS,
      }),
    },
    env,
  );
  const environments = parsed[CENTRAL_ENV.environments];
  if (Object.keys(environments).length === 0) {
    throw new ConfigError([`${CENTRAL_ENV.environments} must register at least one environment account`]);
  }
  return {
    domainId: parsed[CENTRAL_ENV.domainId],
    assetTypeNames: parsed[CENTRAL_ENV.assetTypeNames],
    environments: Object.fromEntries(
      Object.entries(environments).map(([account, e]) => [
        account,
        { stateMachineArn: e.stateMachineArn, invokeRoleArn: e.invokeRoleArn },
      ]),
    ),
    consumerGroups: parsed[CENTRAL_ENV.consumerGroups] as ConsumerGroupPolicy,
    environmentTimeoutSeconds: parsed[CENTRAL_ENV.environmentTimeoutSeconds],
  };
}

/** The central settings of this Lambda function (its environment). @throws ConfigError */
export function centralSettingsFromEnvironment(): CentralSettings {
  return loadCentralSettings(process.env);
}
