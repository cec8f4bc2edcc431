/**
 * What SSM Parameter Store accepts as parameter paths and KMS key ids, checked before any call so that a
 * bad prefix fails with a message naming the value (the asset index and the grant ledger share these).
 *
 * @module
 */
import { InvalidInputError } from './errors.ts';

const SEGMENT = /^[a-zA-Z0-9_.-]+$/u;
const KMS_KEY_ID = /^[a-zA-Z0-9:/_-]{1,256}$/u;

/** SSM allows 15 hierarchy levels in a parameter name. */
export const SSM_MAX_LEVELS = 15;

/**
 * SSM's 1011 characters count the ARN prefix (`arn:<partition>:ssm:<region>:<account>:parameter`); 61 is
 * the longest such prefix (partition `aws-iso-b`, a 20-character Region), so names up to 950 fit anywhere.
 */
export const SSM_MAX_NAME = 950;

/** @throws InvalidInputError naming `field` when a segment is empty or uses a character SSM refuses. */
export function checkSsmSegments(field: string, value: string, segments: readonly string[]): void {
  const bad = segments.find((s) => !SEGMENT.test(s));
  if (bad !== undefined) {
    throw new InvalidInputError(
      field,
      value,
      `path segment ${JSON.stringify(bad)} must be non-empty and use only letters, digits and . - _`,
    );
  }
}

/**
 * Checks a parameter path prefix: leading `/`, no trailing `/`, valid segments, not under SSM's reserved
 * `aws`/`ssm`, at most `maxLevels` levels (what the caller adds below it must still fit).
 * @returns its segments
 * @throws InvalidInputError naming `prefix`
 */
export function checkSsmPrefix(prefix: string, maxLevels: number = SSM_MAX_LEVELS): string[] {
  if (!prefix.startsWith('/') || prefix.endsWith('/')) {
    throw new InvalidInputError('prefix', prefix, 'must start with "/" and not end with "/"');
  }
  const segments = prefix.slice(1).split('/');
  checkSsmSegments('prefix', prefix, segments);
  if (/^(aws|ssm)/iu.test(segments[0] ?? '')) {
    throw new InvalidInputError('prefix', prefix, 'must not begin with "aws" or "ssm" (SSM reserves them)');
  }
  if (segments.length > maxLevels) {
    throw new InvalidInputError('prefix', prefix, `has ${segments.length} levels (at most ${maxLevels})`);
  }
  return segments;
}

/** @throws InvalidInputError when `kmsKeyId` is given and is not a key id, ARN or alias SSM takes. */
export function checkSsmKmsKeyId(kmsKeyId: string | undefined): void {
  if (kmsKeyId !== undefined && !KMS_KEY_ID.test(kmsKeyId)) {
    throw new InvalidInputError('kmsKeyId', kmsKeyId, `must match ${KMS_KEY_ID.source}`);
  }
}
