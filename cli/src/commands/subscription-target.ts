import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import {
  CreateSubscriptionTargetCommand,
  type DataZoneClient,
  GetEnvironmentCommand,
  paginateListSubscriptionTargets,
  type SubscriptionTargetSummary,
} from '@aws-sdk/client-datazone';
import { formatIamRoleArn, parseIamRoleArn } from '../../../common/src/arns.ts';
import { ClientFactory } from '../../../common/src/clients.ts';
import { InvalidInputError, StreamgovError, translateAwsError } from '../../../common/src/errors.ts';
import { SUBSCRIPTION_TARGET } from '../../../grant-workflow/src/resolve-grants.ts';
import { loadStreamgovConfig } from '../../../infra/config/streamgov-config.ts';
import { UsageError } from '../usage.ts';

export const SUBSCRIPTION_TARGET_USAGE =
  'streamgov subscription-target create --config FILE --environment ID --role ARN [--role ARN…] [--name NAME] [--manage-access-role ARN] [--json]';

/** An existing subscription target of that name differs from the one asked for; nothing was changed. */
export class SubscriptionTargetConflictError extends StreamgovError {
  override readonly name: string = 'SubscriptionTargetConflictError';
}

/** What `create` asks DataZone for. */
interface Wanted {
  readonly name: string;
  readonly type: string;
  readonly provider: string;
  readonly applicableAssetTypes: readonly string[];
  readonly authorizedPrincipals: readonly string[];
  readonly manageAccessRole: string;
  readonly subscriptionGrantCreationMode: string;
}

/** The members of an existing target that differ from the wanted one (principals compared as sets). */
function differences(existing: SubscriptionTargetSummary, wanted: Wanted): string[] {
  const set = (values: readonly string[] | undefined) => JSON.stringify([...new Set(values ?? [])].sort());
  const out: string[] = [];
  const compare = (field: string, have: string, want: string) => {
    if (have !== want) out.push(`${field} is ${have}, not ${want}`);
  };
  compare('type', JSON.stringify(existing.type), JSON.stringify(wanted.type));
  compare('provider', JSON.stringify(existing.provider), JSON.stringify(wanted.provider));
  compare('applicableAssetTypes', set(existing.applicableAssetTypes), set(wanted.applicableAssetTypes));
  compare('authorizedPrincipals', set(existing.authorizedPrincipals), set(wanted.authorizedPrincipals));
  compare(
    'manageAccessRole',
    JSON.stringify(existing.manageAccessRole),
    JSON.stringify(wanted.manageAccessRole),
  );
  compare(
    'subscriptionGrantCreationMode',
    JSON.stringify(existing.subscriptionGrantCreationMode ?? 'AUTOMATIC'),
    JSON.stringify(wanted.subscriptionGrantCreationMode),
  );
  return out;
}

/** The roles, checked: IAM role ARNs of the environment's account, 1–20 of them, duplicates dropped. */
function principals(roles: readonly string[], account: string): string[] {
  const out = [
    ...new Set(
      roles.map((role, index) => {
        const parsed = parseIamRoleArn(role, `--role[${index}]`);
        if (parsed.account !== account) {
          throw new InvalidInputError(
            `--role[${index}]`,
            role,
            `is a role of account ${parsed.account}; the environment's account is ${account}`,
          );
        }
        return formatIamRoleArn(parsed);
      }),
    ),
  ];
  if (out.length < SUBSCRIPTION_TARGET.minPrincipals || out.length > SUBSCRIPTION_TARGET.maxPrincipals) {
    throw new InvalidInputError(
      '--role',
      roles,
      `must name ${SUBSCRIPTION_TARGET.minPrincipals} to ${SUBSCRIPTION_TARGET.maxPrincipals} roles (DataZone's limit)`,
    );
  }
  return out;
}

async function existingTarget(
  client: DataZoneClient,
  domainId: string,
  environmentId: string,
  name: string,
): Promise<SubscriptionTargetSummary | undefined> {
  try {
    for await (const page of paginateListSubscriptionTargets(
      { client },
      { domainIdentifier: domainId, environmentIdentifier: environmentId },
    )) {
      const found = (page.items ?? []).find((t) => t.name === name);
      if (found) return found;
    }
    return undefined;
  } catch (error) {
    throw translateAwsError(error, `ListSubscriptionTargets ${environmentId}`, { environmentId });
  }
}

function summary(action: 'created' | 'unchanged', target: SubscriptionTargetSummary) {
  return {
    action,
    id: target.id,
    name: target.name,
    environmentId: target.environmentId,
    type: target.type,
    provider: target.provider,
    applicableAssetTypes: target.applicableAssetTypes,
    authorizedPrincipals: target.authorizedPrincipals,
    manageAccessRole: target.manageAccessRole,
    subscriptionGrantCreationMode: target.subscriptionGrantCreationMode,
  };
}

/**
 * `streamgov subscription-target create`: makes an environment eligible for topic grants. Idempotent: a
 * target of the same name that matches is returned unchanged; one that differs fails with
 * SubscriptionTargetConflictError (exit 1) naming the differences, and nothing is changed.
 */
export async function runSubscriptionTarget(args: readonly string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'create')
    throw new UsageError(`unknown subcommand ${JSON.stringify(sub ?? '')}`, SUBSCRIPTION_TARGET_USAGE);
  const { values } = parseArgs({
    args: rest,
    options: {
      config: { type: 'string' },
      environment: { type: 'string' },
      role: { type: 'string', multiple: true },
      name: { type: 'string' },
      'manage-access-role': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (!values.config) throw new UsageError('--config is required', SUBSCRIPTION_TARGET_USAGE);
  if (!values.environment) throw new UsageError('--environment is required', SUBSCRIPTION_TARGET_USAGE);
  if (!values.role || values.role.length === 0) {
    throw new UsageError('--role is required (one or more)', SUBSCRIPTION_TARGET_USAGE);
  }
  const config = await loadStreamgovConfig(values.config);
  const manageAccessRole = values['manage-access-role'] ?? config.grants?.manageAccessRoleArn;
  if (!manageAccessRole) {
    throw new UsageError(
      '--manage-access-role is required when the configuration has no grants.manageAccessRoleArn',
      SUBSCRIPTION_TARGET_USAGE,
    );
  }
  parseIamRoleArn(manageAccessRole, '--manage-access-role');
  const client = new ClientFactory({ region: config.region }).dataZone();
  const domainId = config.domainId;
  const environmentId = values.environment;
  let account: string;
  try {
    const environment = await client.send(
      new GetEnvironmentCommand({ domainIdentifier: domainId, identifier: environmentId }),
    );
    account = environment.awsAccountId ?? '';
  } catch (error) {
    throw translateAwsError(error, `GetEnvironment ${environmentId}`, { environmentId });
  }
  const wanted: Wanted = {
    name: values.name ?? SUBSCRIPTION_TARGET.defaultName,
    type: SUBSCRIPTION_TARGET.type,
    provider: SUBSCRIPTION_TARGET.provider,
    applicableAssetTypes: [config.catalog.assetTypeNames.assetType],
    authorizedPrincipals: principals(values.role, account),
    manageAccessRole,
    subscriptionGrantCreationMode: 'AUTOMATIC',
  };
  const existing = await existingTarget(client, domainId, environmentId, wanted.name);
  let result: ReturnType<typeof summary>;
  if (existing) {
    const differ = differences(existing, wanted);
    if (differ.length > 0) {
      throw new SubscriptionTargetConflictError(
        `Subscription target ${wanted.name} (${existing.id}) of environment ${environmentId} exists and differs: ` +
          `${differ.join('; ')}. Nothing was changed: pick another --name, or update or delete that target.`,
        { context: { environmentId, subscriptionTargetId: existing.id ?? '' } },
      );
    }
    result = summary('unchanged', existing);
  } else {
    try {
      const created = await client.send(
        new CreateSubscriptionTargetCommand({
          domainIdentifier: domainId,
          environmentIdentifier: environmentId,
          ...wanted,
          applicableAssetTypes: [...wanted.applicableAssetTypes],
          authorizedPrincipals: [...wanted.authorizedPrincipals],
          subscriptionGrantCreationMode: 'AUTOMATIC',
          subscriptionTargetConfig: [],
          // The same request retried after a lost response creates one target.
          clientToken: createHash('sha256')
            .update(JSON.stringify([domainId, environmentId, wanted]))
            .digest('hex')
            .slice(0, 64),
        }),
      );
      result = summary('created', created as SubscriptionTargetSummary);
    } catch (error) {
      throw translateAwsError(error, `CreateSubscriptionTarget ${wanted.name}`, { environmentId });
    }
  }
  if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else
    process.stdout.write(
      `subscription target ${result.name} (${result.id}) in environment ${environmentId}: ${result.action}\n`,
    );
  return 0;
}
