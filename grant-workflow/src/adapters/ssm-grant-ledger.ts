import {
  DeleteParameterCommand,
  GetParameterCommand,
  type Parameter,
  PutParameterCommand,
  paginateGetParametersByPath,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { InvalidInputError, translateAwsError } from '../../../common/src/errors.ts';
import type { Log } from '../../../common/src/logger.ts';
import { retryWithJitter } from '../../../common/src/retry.ts';
import { checkSsmKmsKeyId, checkSsmPrefix, SSM_MAX_NAME } from '../../../common/src/ssm-names.ts';
import { CorruptLedgerRecordError } from '../errors.ts';
import { parseTopicGrant, type TopicGrant } from '../grants.ts';
import type { GrantLedger, LedgerRecord, LedgerTargetKind } from '../ports.ts';

export interface SsmGrantLedgerOptions {
  readonly client: SSMClient;
  /** Path under which the records live, e.g. `/streamgov/grants` (leading `/`, no trailing `/`). */
  readonly prefix: string;
  /**
   * KMS key (id, ARN or alias) to encrypt the records with (they become SecureString parameters).
   * @default none: String parameters (a record holds ARNs and ids, no secret)
   */
  readonly kmsKeyId?: string;
  readonly log: Log;
  /** Uniform in [0, 1), for the jitter of the counter's retries. @default Math.random */
  readonly random?: () => number;
  /** Sleeps between the counter's retries. @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

const DATAZONE_ID = /^[a-zA-Z0-9_-]{1,64}$/u;
/** Role names (IAM's pattern) and `<clusterName>.<clusterUuid>`. */
const TARGET_KEY = /^[\w+=,.@-]{1,160}$/u;
/** A record names three levels below the prefix; SSM allows 15 in all. */
const MAX_PREFIX_LEVELS = 12;
const KINDS: readonly LedgerTargetKind[] = ['role', 'cluster'];
/**
 * Leaf of a target's change counter, next to its records. A record's leaf is `<grantId>.<assetId>`,
 * always with a dot, so the two never clash.
 */
export const COUNTER_LEAF = 'changes';
/** PutParameter attempts on the counter when SSM answers TooManyUpdates (concurrent writes to it). */
const COUNTER_ATTEMPTS = 6;

/**
 * The SSM segment of a target key: characters SSM does not allow in names (`+ = , @`), and `.` (the
 * escape character), become `.` + two hex digits, so different keys never share a segment.
 */
export function ledgerSegment(targetKey: string): string {
  if (!TARGET_KEY.test(targetKey)) {
    throw new InvalidInputError(
      'targetKey',
      targetKey,
      `must be a role name or <cluster>.<uuid> (${TARGET_KEY.source})`,
    );
  }
  return targetKey.replace(/[.+=,@]/g, (c) => `.${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function checkId(field: string, value: string): void {
  if (!DATAZONE_ID.test(value))
    throw new InvalidInputError(field, value, `must be a DataZone id (${DATAZONE_ID.source})`);
}

/**
 * The grant ledger ({@link GrantLedger}) in SSM Parameter Store: one parameter per (target, grant, asset),
 * `<prefix>/<role|cluster>/<target segment>/<grantId>.<assetId>`, holding the grant's JSON. Puts and
 * deletes touch one record, so concurrent workflows never overwrite each other's; a put of a record that
 * is already there unchanged writes nothing. Listings read GetParametersByPath (one level, decrypted)
 * until no NextToken is left — its pages may be short or empty. Records are `Intelligent-Tiering`: a
 * grant with many principals may exceed the Standard tier's 4 KB.
 *
 * Each target also has a change counter, the parameter `<prefix>/<role|cluster>/<target segment>/changes`:
 * its SSM version, which every PutParameter raises by one, is the counter; its value notes the last
 * change. It is never deleted (a new parameter would start again at version 1). Listings skip it. SDK
 * errors become TransientAwsError (throttling, 5xx) or AwsCallError.
 */
export class SsmGrantLedger implements GrantLedger {
  private readonly client: SSMClient;
  private readonly prefix: string;
  private readonly kmsKeyId: string | undefined;
  private readonly log: Log;
  private readonly random: (() => number) | undefined;
  private readonly sleep: ((ms: number) => Promise<void>) | undefined;

  /** @throws InvalidInputError for a prefix or KMS key id SSM would refuse. */
  constructor(options: SsmGrantLedgerOptions) {
    checkSsmPrefix(options.prefix, MAX_PREFIX_LEVELS);
    checkSsmKmsKeyId(options.kmsKeyId);
    this.client = options.client;
    this.prefix = options.prefix;
    this.kmsKeyId = options.kmsKeyId;
    this.log = options.log;
    this.random = options.random;
    this.sleep = options.sleep;
  }

  /** The folder of a target's records. @throws InvalidInputError for an unknown kind or a bad key. */
  targetPath(kind: LedgerTargetKind, targetKey: string): string {
    if (!KINDS.includes(kind)) throw new InvalidInputError('targetKind', kind, 'must be "role" or "cluster"');
    return `${this.prefix}/${kind}/${ledgerSegment(targetKey)}`;
  }

  /** The parameter of one record. @throws InvalidInputError for bad ids or a name SSM would refuse. */
  parameterName(kind: LedgerTargetKind, targetKey: string, grantId: string, assetId: string): string {
    checkId('grantId', grantId);
    checkId('assetId', assetId);
    const name = `${this.targetPath(kind, targetKey)}/${grantId}.${assetId}`;
    if (name.length > SSM_MAX_NAME)
      throw new InvalidInputError(
        'targetKey',
        targetKey,
        `makes a parameter name of ${name.length} characters (max ${SSM_MAX_NAME})`,
      );
    return name;
  }

  async put(kind: LedgerTargetKind, targetKey: string, grant: TopicGrant): Promise<void> {
    const checked = parseTopicGrant(grant);
    const name = this.parameterName(kind, targetKey, checked.grantId, checked.assetId);
    const value = JSON.stringify(checked);
    const base = {
      Name: name,
      Value: value,
      Tier: 'Intelligent-Tiering' as const,
      ...(this.kmsKeyId === undefined
        ? { Type: 'String' as const }
        : { Type: 'SecureString' as const, KeyId: this.kmsKeyId }),
    };
    try {
      await this.client.send(new PutParameterCommand({ ...base, Overwrite: false }));
      this.log.debug('Ledger record put', { parameter: name });
      return;
    } catch (error) {
      if (!(error instanceof Error && error.name === 'ParameterAlreadyExists')) {
        throw translateAwsError(error, `PutParameter ${name}`, { parameter: name });
      }
    }
    if ((await this.read(name)) === value) return; // a duplicate event: nothing to write
    try {
      // The record changed (e.g. a re-grant with other principals): replace it.
      await this.client.send(new PutParameterCommand({ ...base, Overwrite: true }));
    } catch (error) {
      throw translateAwsError(error, `PutParameter ${name}`, { parameter: name });
    }
  }

  async delete(
    kind: LedgerTargetKind,
    targetKey: string,
    grantId: string,
    assetId: string,
  ): Promise<boolean> {
    const name = this.parameterName(kind, targetKey, grantId, assetId);
    try {
      await this.client.send(new DeleteParameterCommand({ Name: name }));
      return true;
    } catch (error) {
      if (error instanceof Error && error.name === 'ParameterNotFound') return false;
      throw translateAwsError(error, `DeleteParameter ${name}`, { parameter: name });
    }
  }

  /** The parameter of a target's change counter. @throws InvalidInputError for an unknown kind or a bad key. */
  counterName(kind: LedgerTargetKind, targetKey: string): string {
    return `${this.targetPath(kind, targetKey)}/${COUNTER_LEAF}`;
  }

  /**
   * PutParameter (Overwrite) of the counter; SSM's answer is its new version. TooManyUpdates (other
   * workflows writing it at the same moment) is retried with full jitter.
   */
  async advance(kind: LedgerTargetKind, targetKey: string, note: string): Promise<number> {
    const name = this.counterName(kind, targetKey);
    try {
      const out = await retryWithJitter(
        () =>
          this.client.send(
            new PutParameterCommand({
              Name: name,
              Value: note.slice(0, 1024) || '-',
              Type: 'String',
              Tier: 'Intelligent-Tiering',
              Overwrite: true,
            }),
          ),
        {
          attempts: COUNTER_ATTEMPTS,
          baseMs: 20,
          maxMs: 500,
          isRetryable: (error) => error instanceof Error && error.name === 'TooManyUpdates',
          ...(this.random === undefined ? {} : { random: this.random }),
          ...(this.sleep === undefined ? {} : { sleep: this.sleep }),
        },
      );
      if (out.Version === undefined) throw new Error(`PutParameter ${name} returned no version`);
      return out.Version;
    } catch (error) {
      throw translateAwsError(error, `PutParameter ${name}`, { parameter: name });
    }
  }

  async counter(kind: LedgerTargetKind, targetKey: string): Promise<number> {
    const name = this.counterName(kind, targetKey);
    try {
      const { Parameter: parameter } = await this.client.send(new GetParameterCommand({ Name: name }));
      return parameter?.Version ?? 0;
    } catch (error) {
      if (error instanceof Error && error.name === 'ParameterNotFound') return 0;
      throw translateAwsError(error, `GetParameter ${name}`, { parameter: name });
    }
  }

  /** @throws CorruptLedgerRecordError naming every parameter that is not a valid record of this target. */
  async list(kind: LedgerTargetKind, targetKey: string): Promise<LedgerRecord[]> {
    const path = this.targetPath(kind, targetKey);
    const parameters: Parameter[] = [];
    try {
      for await (const page of paginateGetParametersByPath(
        { client: this.client },
        { Path: path, Recursive: false, WithDecryption: true },
      )) {
        parameters.push(...(page.Parameters ?? []));
      }
    } catch (error) {
      throw translateAwsError(error, `GetParametersByPath ${path}`, { path });
    }
    const records: LedgerRecord[] = [];
    const problems: { parameter: string; reason: string }[] = [];
    for (const parameter of parameters) {
      const name = parameter.Name ?? '';
      const leaf = name.slice(path.length + 1);
      if (leaf === COUNTER_LEAF) continue;
      const [grantId = '', assetId = ''] = leaf.split('.');
      try {
        const grant = parseTopicGrant(JSON.parse(parameter.Value ?? ''));
        if (`${grant.grantId}.${grant.assetId}` !== `${grantId}.${assetId}`) {
          problems.push({ parameter: name, reason: `holds grant ${grant.grantId}.${grant.assetId}` });
          continue;
        }
        records.push({ grantId, assetId, grant, text: parameter.Value ?? '' });
      } catch (error) {
        problems.push({ parameter: name, reason: error instanceof Error ? error.message : String(error) });
      }
    }
    if (problems.length > 0) throw new CorruptLedgerRecordError(problems);
    return records.sort((a, b) => (`${a.grantId}.${a.assetId}` < `${b.grantId}.${b.assetId}` ? -1 : 1));
  }

  private async read(name: string): Promise<string | undefined> {
    try {
      const { Parameter: parameter } = await this.client.send(
        new GetParameterCommand({ Name: name, WithDecryption: true }),
      );
      return parameter?.Value;
    } catch (error) {
      if (error instanceof Error && error.name === 'ParameterNotFound') return undefined;
      throw translateAwsError(error, `GetParameter ${name}`, { parameter: name });
    }
  }
}
