/**
 * The demo's settings from the environment, and the environment it gives the `streamgov` commands it
 * runs: the host's (PATH and the like) plus the local cloud's endpoint, keys and Region — what a person
 * exports to use the local cloud from a shell.
 *
 * @module
 */
import type { Credentials } from '../../../common/src/clients.ts';

/** The variables that point any AWS SDK or the AWS CLI at the local cloud. */
export function localCloudVariables(
  url: string,
  region: string,
  credentials: Credentials,
): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: url,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_REGION: region,
  };
}

/** The environment of a child `streamgov` command: the host's, with the local cloud's variables. */
export function childEnvironment(
  variables: Readonly<Record<string, string>>,
  host: Readonly<Record<string, string | undefined>> = process.env,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(host)) {
    // The host's own AWS settings must not leak into a command meant for the local cloud.
    if (value !== undefined && !key.startsWith('AWS_')) out[key] = value;
  }
  return { ...out, NODE_NO_WARNINGS: '1', ...variables };
}
