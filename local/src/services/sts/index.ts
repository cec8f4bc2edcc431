import type { GetCallerIdentityResponse } from '@aws-sdk/client-sts';
import type { CallContext, ServiceDefinition } from '../../cloud/types.ts';
import { assumeRole } from './assume-role.ts';
import { validationError } from './errors.ts';
import { callerSession } from './sessions.ts';
import { initialStsState, type StsState } from './state.ts';

export type { StsState } from './state.ts';

/** GetCallerIdentity: the account root (UserId = account id) or the assumed-role session of the key. */
function getCallerIdentity(_input: object, ctx: CallContext<StsState>): GetCallerIdentityResponse {
  const session = callerSession(ctx);
  return {
    UserId: session ? session.AssumedRoleId : ctx.caller.account,
    Account: ctx.caller.account,
    Arn: session ? session.Arn : ctx.caller.principalArn,
  };
}

/**
 * STS (awsQuery, signing name `sts`): AssumeRole against the roles of the local IAM (read through
 * `cloud.call('iam', 'GetRole')`) and GetCallerIdentity. Global: one state per account.
 */
export const stsService: ServiceDefinition<StsState> = {
  signingName: 'sts',
  scope: 'global',
  initialState: initialStsState,
  validationError,
  operations: {
    AssumeRole: assumeRole,
    GetCallerIdentity: getCallerIdentity,
  },
};
