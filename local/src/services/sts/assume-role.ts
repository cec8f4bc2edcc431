import type { GetRoleResponse } from '@aws-sdk/client-iam';
import type { AssumeRoleRequest, AssumeRoleResponse } from '@aws-sdk/client-sts';
import { AwsError } from '../../cloud/errors.ts';
import type { CallContext } from '../../cloud/types.ts';
import { anchored, list, num, required, str, struct, validated } from '../../cloud/validate.ts';
import { newCredentials } from './credentials.ts';
import { accessDenied, validationError } from './errors.ts';
import { callerSession } from './sessions.ts';
import type { StsState } from './state.ts';
import { trustAllows } from './trust-policy.ts';

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\u0021-\u007E]+\/)?([\w+=,.@-]+)$/u;
const DEFAULT_DURATION = 3600;
/** Role chaining limits a session to one hour (IAM user guide, "Role chaining"). */
const CHAINED_MAX = 3600;
const TAG_TEXT = '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]';

const rules = {
  RoleArn: required(str({ min: 20, max: 2048 })),
  RoleSessionName: required(str({ min: 2, max: 64, pattern: anchored('[\\w+=,.@-]*') })),
  PolicyArns: list(struct({ arn: str({ min: 20, max: 2048 }) })),
  Policy: str({ min: 1, pattern: anchored('[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+') }),
  DurationSeconds: num({ min: 900, max: 43200 }),
  Tags: list(
    struct({
      Key: required(str({ min: 1, max: 128, pattern: anchored(`${TAG_TEXT}+`) })),
      Value: required(str({ max: 256, pattern: anchored(`${TAG_TEXT}*`) })),
    }),
    { max: 50 },
  ),
  TransitiveTagKeys: list(str({ min: 1, max: 128, pattern: anchored(`${TAG_TEXT}+`) }), { max: 50 }),
  ExternalId: str({ min: 2, max: 1224, pattern: anchored('[\\w+=,.@:\\/-]*') }),
  SerialNumber: str({ min: 9, max: 256, pattern: anchored('[\\w+=/:,.@-]*') }),
  TokenCode: str({ min: 6, max: 6, pattern: anchored('[\\d]*') }),
  SourceIdentity: str({ min: 2, max: 64, pattern: anchored('[\\w+=,.@-]*') }),
};

async function fetchRole(
  ctx: CallContext<StsState>,
  account: string,
  roleName: string,
): Promise<GetRoleResponse | undefined> {
  try {
    return await ctx.cloud.call<GetRoleResponse>(
      'iam',
      'GetRole',
      { RoleName: roleName },
      ctx.cloud.rootCaller(account, ctx.caller.region),
    );
  } catch (error) {
    if (error instanceof AwsError && error.code === 'NoSuchEntity') return undefined;
    throw error;
  }
}

function checkSessionPolicy(policy: string | undefined): void {
  if (policy === undefined) return;
  try {
    JSON.parse(policy);
  } catch {
    throw new AwsError('MalformedPolicyDocument', 'The policy is not in the valid JSON format.', {}, 400);
  }
}

/**
 * AssumeRole: the role must exist in its account and its trust policy must let the caller assume it.
 * The issued access key then acts as the role's account (the cloud resolves it in `identify`).
 */
export const assumeRole = validated(
  rules,
  async (input: AssumeRoleRequest, ctx: CallContext<StsState>): Promise<AssumeRoleResponse> => {
    const roleArn = input.RoleArn ?? '';
    const chained = callerSession(ctx) !== undefined;
    const parsed = ROLE_ARN.exec(roleArn);
    if (!parsed) throw validationError(`${roleArn} is invalid`);
    const [, account = '', roleName = ''] = parsed;
    const role = (await fetchRole(ctx, account, roleName))?.Role;
    if (!role || role.Arn !== roleArn) throw accessDenied(ctx.caller.principalArn, roleArn);
    const trust = decodeURIComponent(role.AssumeRolePolicyDocument ?? '');
    const allowed = trustAllows(trust, {
      caller: ctx.caller,
      ...(input.ExternalId !== undefined ? { externalId: input.ExternalId } : {}),
    });
    if (!allowed) throw accessDenied(ctx.caller.principalArn, roleArn);
    const duration = input.DurationSeconds ?? DEFAULT_DURATION;
    if (chained && duration > CHAINED_MAX) {
      throw validationError(
        'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
      );
    }
    if (duration > (role.MaxSessionDuration ?? DEFAULT_DURATION)) {
      throw validationError(
        'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
      );
    }
    checkSessionPolicy(input.Policy);
    const sessionName = input.RoleSessionName ?? '';
    const expiration = new Date(ctx.cloud.now().getTime() + duration * 1000);
    const credentials = newCredentials(ctx.cloud.newId());
    const sessionArn = `arn:aws:sts::${account}:assumed-role/${role.RoleName}/${sessionName}`;
    const assumedRoleId = `${role.RoleId}:${sessionName}`;
    ctx.cloud.issueKey(credentials.AccessKeyId, {
      account,
      principalArn: sessionArn,
      expiresAt: expiration.toISOString(),
    });
    const roleAccountSts = ctx.cloud.stateOf<StsState>('sts', account, ctx.caller.region);
    roleAccountSts.sessions[credentials.AccessKeyId] = {
      AssumedRoleId: assumedRoleId,
      Arn: sessionArn,
      Expiration: expiration.toISOString(),
    };
    return {
      Credentials: { ...credentials, Expiration: expiration },
      AssumedRoleUser: { AssumedRoleId: assumedRoleId, Arn: sessionArn },
      ...(input.SourceIdentity !== undefined ? { SourceIdentity: input.SourceIdentity } : {}),
    };
  },
);
