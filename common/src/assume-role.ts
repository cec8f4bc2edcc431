import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import type { CredentialsProvider } from './clients.ts';
import { translateAwsError } from './errors.ts';

/** Refresh this long before the assumed credentials expire. */
const REFRESH_MARGIN_MS = 5 * 60 * 1000;

/**
 * Credentials of `roleArn`, assumed with `sts` and cached until five minutes before they expire.
 * @throws TransientAwsError or AwsCallError (from translateAwsError) naming the role when AssumeRole fails.
 */
export function assumeRoleCredentials(
  sts: STSClient,
  roleArn: string,
  sessionName: string,
  now: () => number = Date.now,
): CredentialsProvider {
  let cached: Awaited<ReturnType<CredentialsProvider>> | undefined;
  return async () => {
    if (cached?.expiration && cached.expiration.getTime() - REFRESH_MARGIN_MS > now()) return cached;
    try {
      const { Credentials: c } = await sts.send(
        new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName }),
      );
      if (!c?.AccessKeyId || !c.SecretAccessKey)
        throw new Error(`AssumeRole ${roleArn} returned no credentials`);
      cached = {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
        ...(c.Expiration ? { expiration: c.Expiration } : {}),
      };
      return cached;
    } catch (error) {
      throw translateAwsError(error, `sts:AssumeRole ${roleArn}`, { roleArn });
    }
  };
}
