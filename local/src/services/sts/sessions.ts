import type { CallContext } from '../../cloud/types.ts';
import { expiredToken } from './errors.ts';
import type { StoredSession, StsState } from './state.ts';

/**
 * The AssumeRole session the caller signs with, if any.
 * @throws ExpiredTokenException when that session has expired.
 */
export function callerSession(ctx: CallContext<StsState>): StoredSession | undefined {
  const session = ctx.state.sessions[ctx.caller.accessKeyId];
  if (session && Date.parse(session.Expiration) <= ctx.cloud.now().getTime()) throw expiredToken();
  return session;
}
