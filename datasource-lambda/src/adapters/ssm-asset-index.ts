import {
  DeleteParameterCommand,
  type Parameter,
  PutParameterCommand,
  paginateGetParametersByPath,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { InvalidInputError, translateAwsError } from '../../../common/src/errors.ts';
import { isJsonObject } from '../../../common/src/json.ts';
import type { Log } from '../../../common/src/logger.ts';
import {
  checkSsmKmsKeyId,
  checkSsmPrefix,
  checkSsmSegments,
  SSM_MAX_LEVELS,
  SSM_MAX_NAME,
} from '../../../common/src/ssm-names.ts';
import { CatalogSyncError } from '../errors.ts';
import { bucketSegment, INDEX_BUCKETS, indexBucket } from '../partition.ts';
import type { AssetIndex, IndexEntry, IndexFilter } from '../ports.ts';
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

/** The bucket folder of the layout (`b00` … `b63`); index keys begin with an account id, never like this. */
const BUCKET_SEGMENT = /^b(\d{2})$/u;

type Stamps = NonNullable<IndexEntry['schemaStamps']>;

/** The stored value of an entry, or why it is not one. */
function parseValue(key: string, text: string | undefined): IndexEntry | string {
  let value: unknown;
  try {
    value = JSON.parse(text ?? '');
  } catch {
    return 'value is not JSON';
  }
  if (!isJsonObject(value)) return 'value is not a JSON object';
  const { assetId, fingerprint, schemaStamps } = value;
  if (typeof assetId !== 'string' || assetId === '') return 'assetId is missing or not a string';
  if (typeof fingerprint !== 'string') return 'fingerprint is missing or not a string';
  if (schemaStamps === undefined) return { key, assetId, fingerprint };
  if (!isJsonObject(schemaStamps)) return 'schemaStamps is not an object';
  const stamps: Record<string, Stamps[string]> = {};
  for (const [role, stamp] of Object.entries(schemaStamps)) {
    if (!isJsonObject(stamp) || typeof stamp.updatedTime !== 'string' || typeof stamp.digest !== 'string') {
      return `schemaStamps.${role} needs string updatedTime and digest`;
    }
    stamps[role] = { updatedTime: stamp.updatedTime, digest: stamp.digest };
  }
  return { key, assetId, fingerprint, schemaStamps: stamps };
}

/** Where a parameter sits in the layout. */
type Placement =
  | { readonly kind: 'bucketed'; readonly key: string; readonly bucket: number }
  | { readonly kind: 'legacy'; readonly key: string };

/**
 * The asset index ({@link AssetIndex}) in SSM Parameter Store: one SecureString parameter per entry,
 * named `<prefix>/b<NN>/<key>` where `NN` is the key's bucket (partition.ts), whose value is the JSON of
 * the entry without its key. Buckets let a partitioned run read only its share of the index
 * (GetParametersByPath on its buckets' folders). Listings read GetParametersByPath (recursive, decrypted)
 * until no NextToken is left — its pages may be short or even empty. SDK errors become
 * `TransientAwsError` (throttling, 5xx) or `AwsCallError`.
 *
 * Entries written before buckets existed live at `<prefix>/<key>` (legacy). The unfiltered listing and
 * `listLegacy` return them marked `legacy`; the adapter remembers their names, so that `put` moves an
 * entry into its bucket (write the bucketed parameter, then delete the legacy one) and `delete` removes
 * both. An entry found in both places (a move interrupted between its two calls) is listed once, with
 * the bucketed value.
 */
export class SsmAssetIndex implements AssetIndex {
  private readonly client: SSMClient;
  private readonly prefix: string;
  private readonly levels: number;
  private readonly kmsKeyId: string | undefined;
  private readonly log: Log;
  /** Legacy parameter names by key, as the listings found them (moved or deleted by put/delete). */
  private readonly legacyNames = new Map<string, string>();

  /** @throws InvalidInputError for a prefix or KMS key id SSM would refuse. */
  constructor(options: SsmAssetIndexOptions) {
    this.levels = checkSsmPrefix(options.prefix).length;
    checkSsmKmsKeyId(options.kmsKeyId);
    this.client = options.client;
    this.prefix = options.prefix;
    this.kmsKeyId = options.kmsKeyId;
    this.log = options.log;
  }

  /**
   * The parameter name of an entry: `<prefix>/b<NN>/<key>`.
   * @throws InvalidInputError when the key would make a name SSM refuses (characters, empty segments,
   * more than 15 levels, too long).
   */
  parameterName(key: string): string {
    return this.checkedName('key', key, `${bucketSegment(indexBucket(key))}/${key}`);
  }

  /**
   * `<prefix>/<relative>` for a key or scope `path`, checked as SSM would (levels counted with the bucket
   * folder, so that a legacy entry's key also fits the bucketed layout).
   */
  private checkedName(field: string, path: string, relative: string): string {
    if (path === '' || path.startsWith('/') || path.endsWith('/')) {
      throw new InvalidInputError(
        field,
        path,
        'must be a non-empty relative path (no leading or trailing "/")',
      );
    }
    const segments = path.split('/');
    checkSsmSegments(field, path, segments);
    if (this.levels + 1 + segments.length > SSM_MAX_LEVELS) {
      throw new InvalidInputError(
        field,
        path,
        `has ${segments.length} levels; with prefix ${this.prefix} and the bucket folder that exceeds SSM's ${SSM_MAX_LEVELS}`,
      );
    }
    const name = `${this.prefix}/${relative}`;
    if (name.length > SSM_MAX_NAME) {
      throw new InvalidInputError(
        field,
        path,
        `makes a parameter name of ${name.length} characters (max ${SSM_MAX_NAME})`,
      );
    }
    return name;
  }

  /**
   * Every entry under the prefix (one recursive walk; legacy entries included and marked), or with
   * `filter` the entries of its buckets (one walk per bucket folder; legacy entries not read).
   * @throws CorruptIndexEntryError naming every parameter whose value is not a valid entry, or that sits
   *   in another bucket than its key's (see there why nothing is skipped).
   * @throws InvalidInputError for a bucket outside 0..63.
   */
  async list(filter?: IndexFilter): Promise<IndexEntry[]> {
    if (!filter) return this.collect(await this.walk(this.prefix));
    const parameters: Parameter[] = [];
    for (const bucket of [...new Set(filter.buckets)].sort((a, b) => a - b)) {
      if (!Number.isInteger(bucket) || bucket < 0 || bucket >= INDEX_BUCKETS) {
        throw new InvalidInputError(
          'filter.buckets',
          bucket,
          `must be integers from 0 to ${INDEX_BUCKETS - 1}`,
        );
      }
      parameters.push(...(await this.walk(`${this.prefix}/${bucketSegment(bucket)}`)));
    }
    return this.collect(parameters);
  }

  /**
   * The legacy entries (`<prefix>/<scope>/<topic>`) of one scope, optionally only those in `filter`'s
   * buckets; one recursive walk of the scope's legacy folder.
   * @throws InvalidInputError for a scope that is not a valid relative path.
   * @throws CorruptIndexEntryError as {@link list}.
   */
  async listLegacy(scope: string, filter?: IndexFilter): Promise<IndexEntry[]> {
    const folder = this.checkedName('scope', scope, scope);
    const wanted = filter ? new Set(filter.buckets) : undefined;
    const entries = this.collect(await this.walk(folder));
    return entries.filter((e) => e.legacy === true && (!wanted || wanted.has(indexBucket(e.key))));
  }

  /** Every parameter under `path` (recursive, decrypted, all pages). */
  private async walk(path: string): Promise<Parameter[]> {
    const parameters: Parameter[] = [];
    let pages = 0;
    try {
      const input = { Path: path, Recursive: true, WithDecryption: true };
      for await (const page of paginateGetParametersByPath({ client: this.client }, input)) {
        pages += 1;
        parameters.push(...(page.Parameters ?? []));
      }
    } catch (error) {
      throw translateAwsError(error, `ssm:GetParametersByPath ${path}`, { prefix: this.prefix, path });
    }
    this.log.debug('listed asset index', { path, parameters: parameters.length, pages });
    return parameters;
  }

  /** Where a listed parameter sits: in a bucket folder or in the legacy layout. */
  private placement(name: string): Placement | string {
    const relative = name.slice(this.prefix.length + 1);
    const [first = '', ...rest] = relative.split('/');
    const bucket = BUCKET_SEGMENT.exec(first);
    if (!bucket) return { kind: 'legacy', key: relative };
    const key = rest.join('/');
    const expected = indexBucket(key);
    if (Number(bucket[1]) !== expected)
      return `in bucket ${first}, but its key belongs in ${bucketSegment(expected)}`;
    return { kind: 'bucketed', key, bucket: expected };
  }

  /** Entries of listed parameters, one per key (the bucketed value wins), legacy names remembered. */
  private collect(parameters: readonly Parameter[]): IndexEntry[] {
    const bucketed = new Map<string, IndexEntry>();
    const legacy = new Map<string, IndexEntry>();
    const problems: { parameter: string; reason: string }[] = [];
    for (const parameter of parameters) {
      const name = parameter.Name ?? '';
      const placed = this.placement(name);
      if (typeof placed === 'string') {
        problems.push({ parameter: name, reason: placed });
        continue;
      }
      const parsed = parseValue(placed.key, parameter.Value);
      if (typeof parsed === 'string') problems.push({ parameter: name, reason: parsed });
      else if (placed.kind === 'bucketed') bucketed.set(placed.key, parsed);
      else {
        legacy.set(placed.key, parsed);
        this.legacyNames.set(placed.key, name);
      }
    }
    if (problems.length > 0) throw new CorruptIndexEntryError(problems);
    const entries = [...bucketed.values()].map((e) => (legacy.has(e.key) ? { ...e, legacy: true } : e));
    for (const [key, entry] of legacy) if (!bucketed.has(key)) entries.push({ ...entry, legacy: true });
    return entries;
  }

  /** Writes (creates or overwrites) one entry as a SecureString. */
  async put(entry: IndexEntry): Promise<void> {
    const name = this.parameterName(entry.key);
    const { key: _key, legacy: _legacy, ...value } = entry;
    try {
      await this.client.send(
        new PutParameterCommand({
          Name: name,
          Value: JSON.stringify(value),
          Type: 'SecureString',
          // Past 10,000 standard parameters per account and Region, SSM makes new ones advanced instead of failing.
          Tier: 'Intelligent-Tiering',
          ...(this.kmsKeyId === undefined ? {} : { KeyId: this.kmsKeyId }),
          Overwrite: true,
        }),
      );
    } catch (error) {
      throw translateAwsError(error, `ssm:PutParameter ${name}`, { parameter: name, assetId: entry.assetId });
    }
    await this.deleteLegacy(entry.key);
  }

  /**
   * Deletes one entry (and its legacy copy, if a listing saw one); an entry that does not exist
   * (ParameterNotFound) is not an error.
   */
  async delete(key: string): Promise<void> {
    await this.deleteParameter(this.parameterName(key));
    await this.deleteLegacy(key);
  }

  /** Deletes the legacy copy of `key` that a listing found, if any. */
  private async deleteLegacy(key: string): Promise<void> {
    const name = this.legacyNames.get(key);
    if (name === undefined) return;
    await this.deleteParameter(name);
    this.legacyNames.delete(key);
  }

  private async deleteParameter(name: string): Promise<void> {
    try {
      await this.client.send(new DeleteParameterCommand({ Name: name }));
    } catch (error) {
      if (isAwsError(error, 'ParameterNotFound')) return;
      throw translateAwsError(error, `ssm:DeleteParameter ${name}`, { parameter: name });
    }
  }
}
