import {
  DeleteParameterCommand,
  type Parameter,
  PutParameterCommand,
  paginateGetParametersByPath,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { InvalidInputError, translateAwsError } from '../../../common/src/errors.ts';
import type { Log } from '../../../common/src/logger.ts';
import { CatalogSyncError } from '../errors.ts';
import type { AssetIndex, IndexEntry } from '../ports.ts';
import { isAwsError } from './aws-errors.ts';

export interface SsmAssetIndexOptions {
  readonly client: SSMClient;
  /** Path under which the entries live, e.g. `/streamgov/<domainId>/assets` (leading `/`, no trailing `/`). */
  readonly prefix: string;
  /**
   * KMS key (id, ARN or alias) that encrypts the SecureString entries.
   * @default the account's `alias/aws/ssm` key
   */
  readonly kmsKeyId?: string;
  readonly log: Log;
}

/**
 * One or more index parameters do not hold a valid entry. The whole listing fails (nothing is skipped):
 * a skipped entry would look like a topic that has no asset yet (the sync would then adopt or create) and
 * its asset like one nobody indexes, so skipping risks duplicates and wrong deletes. Fix: delete (or
 * correct) the named parameters; the next run adopts their assets by externalIdentifier.
 */
export class CorruptIndexEntryError extends CatalogSyncError {
  override readonly name: string = 'CorruptIndexEntryError';
  constructor(readonly problems: readonly { readonly parameter: string; readonly reason: string }[]) {
    super(
      `${problems.length} asset index parameter(s) are not valid index entries: ${problems
        .map((p) => `${p.parameter} (${p.reason})`)
        .join('; ')}. Delete or fix them; the next sync adopts their assets by externalIdentifier.`,
      { context: { parameters: problems.map((p) => p.parameter).join(',') } },
    );
  }
}

const SEGMENT = /^[a-zA-Z0-9_.-]+$/u;
const KMS_KEY_ID = /^[a-zA-Z0-9:/_-]{1,256}$/u;
/** SSM allows 15 hierarchy levels. */
const MAX_LEVELS = 15;
/**
 * SSM's 1011 characters count the ARN prefix (`arn:<partition>:ssm:<region>:<account>:parameter`); 61 is
 * the longest such prefix (partition `aws-iso-b`, a 20-character Region), so names up to 950 fit anywhere.
 */
const MAX_NAME = 950;

function checkSegments(field: string, value: string, segments: readonly string[]): void {
  const bad = segments.find((s) => !SEGMENT.test(s));
  if (bad !== undefined) {
    throw new InvalidInputError(
      field,
      value,
      `path segment ${JSON.stringify(bad)} must be non-empty and use only letters, digits and . - _`,
    );
  }
}

function checkPrefix(prefix: string): string[] {
  if (!prefix.startsWith('/') || prefix.endsWith('/')) {
    throw new InvalidInputError('prefix', prefix, 'must start with "/" and not end with "/"');
  }
  const segments = prefix.slice(1).split('/');
  checkSegments('prefix', prefix, segments);
  if (/^(aws|ssm)/iu.test(segments[0] ?? '')) {
    throw new InvalidInputError('prefix', prefix, 'must not begin with "aws" or "ssm" (SSM reserves them)');
  }
  return segments;
}

type Stamps = NonNullable<IndexEntry['schemaStamps']>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The stored value of an entry, or why it is not one. */
function parseValue(key: string, text: string | undefined): IndexEntry | string {
  let value: unknown;
  try {
    value = JSON.parse(text ?? '');
  } catch {
    return 'value is not JSON';
  }
  if (!isRecord(value)) return 'value is not a JSON object';
  const { assetId, fingerprint, schemaStamps } = value;
  if (typeof assetId !== 'string' || assetId === '') return 'assetId is missing or not a string';
  if (typeof fingerprint !== 'string') return 'fingerprint is missing or not a string';
  if (schemaStamps === undefined) return { key, assetId, fingerprint };
  if (!isRecord(schemaStamps)) return 'schemaStamps is not an object';
  const stamps: Record<string, Stamps[string]> = {};
  for (const [role, stamp] of Object.entries(schemaStamps)) {
    if (!isRecord(stamp) || typeof stamp.updatedTime !== 'string' || typeof stamp.digest !== 'string') {
      return `schemaStamps.${role} needs string updatedTime and digest`;
    }
    stamps[role] = { updatedTime: stamp.updatedTime, digest: stamp.digest };
  }
  return { key, assetId, fingerprint, schemaStamps: stamps };
}

/**
 * The asset index ({@link AssetIndex}) in SSM Parameter Store: one SecureString parameter per entry,
 * named `<prefix>/<key>`, whose value is the JSON of the entry without its key. Listing reads
 * GetParametersByPath (recursive, decrypted) until no NextToken is left — its pages may be short or even
 * empty. SDK errors become `TransientAwsError` (throttling, 5xx) or `AwsCallError`.
 */
export class SsmAssetIndex implements AssetIndex {
  private readonly client: SSMClient;
  private readonly prefix: string;
  private readonly levels: number;
  private readonly kmsKeyId: string | undefined;
  private readonly log: Log;

  /** @throws InvalidInputError for a prefix or KMS key id SSM would refuse. */
  constructor(options: SsmAssetIndexOptions) {
    this.levels = checkPrefix(options.prefix).length;
    if (options.kmsKeyId !== undefined && !KMS_KEY_ID.test(options.kmsKeyId)) {
      throw new InvalidInputError('kmsKeyId', options.kmsKeyId, `must match ${KMS_KEY_ID.source}`);
    }
    this.client = options.client;
    this.prefix = options.prefix;
    this.kmsKeyId = options.kmsKeyId;
    this.log = options.log;
  }

  /**
   * The parameter name of an entry.
   * @throws InvalidInputError when the key would make a name SSM refuses (characters, empty segments,
   * more than 15 levels, too long).
   */
  parameterName(key: string): string {
    if (key === '' || key.startsWith('/') || key.endsWith('/')) {
      throw new InvalidInputError(
        'key',
        key,
        'must be a non-empty relative path (no leading or trailing "/")',
      );
    }
    const segments = key.split('/');
    checkSegments('key', key, segments);
    if (this.levels + segments.length > MAX_LEVELS) {
      throw new InvalidInputError(
        'key',
        key,
        `has ${segments.length} levels; with prefix ${this.prefix} that exceeds SSM's ${MAX_LEVELS}`,
      );
    }
    const name = `${this.prefix}/${key}`;
    if (name.length > MAX_NAME) {
      throw new InvalidInputError(
        'key',
        key,
        `makes a parameter name of ${name.length} characters (max ${MAX_NAME})`,
      );
    }
    return name;
  }

  /**
   * Every entry under the prefix (GetParametersByPath, Recursive, WithDecryption, all pages).
   * @throws CorruptIndexEntryError naming every parameter whose value is not a valid entry (see there
   * why nothing is skipped).
   */
  async list(): Promise<IndexEntry[]> {
    const parameters: Parameter[] = [];
    let pages = 0;
    try {
      const input = { Path: this.prefix, Recursive: true, WithDecryption: true };
      for await (const page of paginateGetParametersByPath({ client: this.client }, input)) {
        pages += 1;
        parameters.push(...(page.Parameters ?? []));
      }
    } catch (error) {
      throw translateAwsError(error, `ssm:GetParametersByPath ${this.prefix}`, { prefix: this.prefix });
    }
    const entries: IndexEntry[] = [];
    const problems: { parameter: string; reason: string }[] = [];
    for (const parameter of parameters) {
      const name = parameter.Name ?? '';
      const parsed = parseValue(name.slice(this.prefix.length + 1), parameter.Value);
      if (typeof parsed === 'string') problems.push({ parameter: name, reason: parsed });
      else entries.push(parsed);
    }
    if (problems.length > 0) throw new CorruptIndexEntryError(problems);
    this.log.debug('listed asset index', { prefix: this.prefix, entries: entries.length, pages });
    return entries;
  }

  /** Writes (creates or overwrites) one entry as a SecureString. */
  async put(entry: IndexEntry): Promise<void> {
    const name = this.parameterName(entry.key);
    const { key: _key, ...value } = entry;
    try {
      await this.client.send(
        new PutParameterCommand({
          Name: name,
          Value: JSON.stringify(value),
          Type: 'SecureString',
          ...(this.kmsKeyId === undefined ? {} : { KeyId: this.kmsKeyId }),
          Overwrite: true,
        }),
      );
    } catch (error) {
      throw translateAwsError(error, `ssm:PutParameter ${name}`, { parameter: name, assetId: entry.assetId });
    }
  }

  /** Deletes one entry; an entry that does not exist (ParameterNotFound) is not an error. */
  async delete(key: string): Promise<void> {
    const name = this.parameterName(key);
    try {
      await this.client.send(new DeleteParameterCommand({ Name: name }));
    } catch (error) {
      if (isAwsError(error, 'ParameterNotFound')) return;
      throw translateAwsError(error, `ssm:DeleteParameter ${name}`, { parameter: name });
    }
  }
}
