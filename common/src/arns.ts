import { InvalidInputError } from './errors.ts';

/** The parts every ARN has: `arn:<partition>:<service>:<region>:<account>:<resource>`. */
export interface Arn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

const PARTITION = /^aws(-cn|-us-gov|-iso|-iso-b)?$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const ACCOUNT = /^\d{12}$/;
/** Kafka's own rule for topic names. */
export const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;
/** MSK cluster names. */
export const CLUSTER_NAME = /^[a-zA-Z0-9-]{1,64}$/;
const CLUSTER_UUID = /^[a-zA-Z0-9-]{1,64}$/;
/** Consumer group names streamgov writes into policies: Kafka-safe characters only, no wildcards. */
export const GROUP_NAME = /^[a-zA-Z0-9._-]{1,249}$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const IAM_PATH = /^(\/|\/[\u0021-\u007E]+\/)$/;
/** Glue registry and schema names. */
export const GLUE_NAME = /^[a-zA-Z0-9-_$#.]{1,255}$/;

/** Checks one part of a name or ARN; the error names the field and the whole value (`whole`). */
function check(field: string, value: string, pattern: RegExp, what: string, whole: string = value): string {
  const part = whole === value ? '' : `"${value}" `;
  if (!pattern.test(value))
    throw new InvalidInputError(field, whole, `${part}must be ${what} (${pattern.source})`);
  if (/[*?]/.test(value)) throw new InvalidInputError(field, whole, `${part}must not contain wildcards`);
  return value;
}

/**
 * Parses any ARN, checking partition, region (when present) and account.
 * @throws InvalidInputError naming `field` and the value.
 */
export function parseArn(text: string, field = 'arn'): Arn {
  if (typeof text !== 'string') throw new InvalidInputError(field, text, 'must be a string');
  const parts = text.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') {
    throw new InvalidInputError(field, text, 'is not an ARN (arn:partition:service:region:account:resource)');
  }
  const [, partition = '', service = '', region = '', account = ''] = parts;
  const resource = parts.slice(5).join(':');
  if (!PARTITION.test(partition))
    throw new InvalidInputError(field, text, `has an unknown partition "${partition}"`);
  if (region !== '' && !REGION.test(region))
    throw new InvalidInputError(field, text, `has an invalid region "${region}"`);
  if (account !== '' && !ACCOUNT.test(account))
    throw new InvalidInputError(field, text, `has an invalid account "${account}"`);
  if (!service || !resource) throw new InvalidInputError(field, text, 'has no service or resource');
  return { partition, service, region, account, resource };
}

export function formatArn(arn: Arn): string {
  return `arn:${arn.partition}:${arn.service}:${arn.region}:${arn.account}:${arn.resource}`;
}

/** An MSK cluster: `arn:<p>:kafka:<region>:<account>:cluster/<name>/<uuid>`. */
export interface MskClusterArn {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly clusterName: string;
  readonly clusterUuid: string;
}

function mskResource(text: string, field: string, kind: string, extra: number) {
  const arn = parseArn(text, field);
  const parts = arn.resource.split('/');
  if (arn.service !== 'kafka' || parts[0] !== kind || parts.length !== 3 + extra) {
    throw new InvalidInputError(
      field,
      text,
      `is not an MSK ${kind} ARN (arn:aws:kafka:<region>:<account>:${kind}/...)`,
    );
  }
  if (!arn.region || !arn.account) throw new InvalidInputError(field, text, 'has no region or account');
  const cluster: MskClusterArn = {
    partition: arn.partition,
    region: arn.region,
    account: arn.account,
    clusterName: check(field, parts[1] ?? '', CLUSTER_NAME, 'an MSK cluster name', text),
    clusterUuid: check(field, parts[2] ?? '', CLUSTER_UUID, 'an MSK cluster uuid', text),
  };
  return { cluster, rest: parts.slice(3) };
}

/** @throws InvalidInputError when `text` is not an MSK cluster ARN. */
export function parseMskClusterArn(text: string, field = 'clusterArn'): MskClusterArn {
  return mskResource(text, field, 'cluster', 0).cluster;
}

export function formatMskClusterArn(c: MskClusterArn): string {
  return `arn:${c.partition}:kafka:${c.region}:${c.account}:cluster/${c.clusterName}/${c.clusterUuid}`;
}

/** `arn:<p>:kafka:<region>:<account>:topic/<cluster>/<uuid>/<topic>`; the topic name is checked. */
export function mskTopicArn(cluster: MskClusterArn, topic: string, field = 'topic'): string {
  check(field, topic, TOPIC_NAME, 'a Kafka topic name');
  return `arn:${cluster.partition}:kafka:${cluster.region}:${cluster.account}:topic/${cluster.clusterName}/${cluster.clusterUuid}/${topic}`;
}

export function parseMskTopicArn(
  text: string,
  field = 'topicArn',
): { cluster: MskClusterArn; topic: string } {
  const { cluster, rest } = mskResource(text, field, 'topic', 1);
  return { cluster, topic: check(field, rest[0] ?? '', TOPIC_NAME, 'a Kafka topic name', text) };
}

/**
 * `arn:<p>:kafka:<region>:<account>:group/<cluster>/<uuid>/<group>`; `prefix` renders `<group>*` (a
 * prefix wildcard, the only wildcard streamgov writes), `'*'` all groups of the cluster.
 */
export function mskGroupArn(
  cluster: MskClusterArn,
  group: { name: string } | { prefix: string } | '*',
): string {
  const base = `arn:${cluster.partition}:kafka:${cluster.region}:${cluster.account}:group/${cluster.clusterName}/${cluster.clusterUuid}/`;
  if (group === '*') return `${base}*`;
  if ('prefix' in group)
    return `${base}${check('groupPrefix', group.prefix, GROUP_NAME, 'a consumer group prefix')}*`;
  return `${base}${check('group', group.name, GROUP_NAME, 'a consumer group name')}`;
}

/** An IAM role: `arn:<p>:iam::<account>:role<path><name>`, path `/` or `/a/b/`. */
export interface IamRoleArn {
  readonly partition: string;
  readonly account: string;
  readonly path: string;
  readonly roleName: string;
}

export function parseIamRoleArn(text: string, field = 'roleArn'): IamRoleArn {
  const arn = parseArn(text, field);
  if (arn.service !== 'iam' || arn.region !== '' || !arn.resource.startsWith('role/') || !arn.account) {
    throw new InvalidInputError(
      field,
      text,
      'is not an IAM role ARN (arn:aws:iam::<account>:role/<path/><name>)',
    );
  }
  const full = arn.resource.slice('role'.length);
  const slash = full.lastIndexOf('/');
  const path = full.slice(0, slash + 1);
  return {
    partition: arn.partition,
    account: arn.account,
    path: check(field, path, IAM_PATH, 'an IAM path', text),
    roleName: check(field, full.slice(slash + 1), ROLE_NAME, 'an IAM role name', text),
  };
}

export function formatIamRoleArn(role: IamRoleArn): string {
  return `arn:${role.partition}:iam::${role.account}:role${role.path}${role.roleName}`;
}

/** A Glue Schema Registry registry: `arn:<p>:glue:<region>:<account>:registry/<name>`. */
export interface GlueRegistryArn {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly registryName: string;
}

/** A Glue schema: `arn:<p>:glue:<region>:<account>:schema/<registry>/<schema>`. */
export interface GlueSchemaArn extends GlueRegistryArn {
  readonly schemaName: string;
}

function glueResource(text: string, field: string, kind: 'registry' | 'schema') {
  const arn = parseArn(text, field);
  const parts = arn.resource.split('/');
  const expected = kind === 'registry' ? 2 : 3;
  if (
    arn.service !== 'glue' ||
    parts[0] !== kind ||
    parts.length !== expected ||
    !arn.region ||
    !arn.account
  ) {
    throw new InvalidInputError(field, text, `is not a Glue ${kind} ARN`);
  }
  return { arn, parts };
}

export function parseGlueRegistryArn(text: string, field = 'registryArn'): GlueRegistryArn {
  const { arn, parts } = glueResource(text, field, 'registry');
  return {
    partition: arn.partition,
    region: arn.region,
    account: arn.account,
    registryName: check(field, parts[1] ?? '', GLUE_NAME, 'a Glue registry name', text),
  };
}

export function parseGlueSchemaArn(text: string, field = 'schemaArn'): GlueSchemaArn {
  const { arn, parts } = glueResource(text, field, 'schema');
  return {
    partition: arn.partition,
    region: arn.region,
    account: arn.account,
    registryName: check(field, parts[1] ?? '', GLUE_NAME, 'a Glue registry name', text),
    schemaName: check(field, parts[2] ?? '', GLUE_NAME, 'a Glue schema name', text),
  };
}

export function formatGlueRegistryArn(r: GlueRegistryArn): string {
  return `arn:${r.partition}:glue:${r.region}:${r.account}:registry/${r.registryName}`;
}

export function formatGlueSchemaArn(s: GlueSchemaArn): string {
  return `arn:${s.partition}:glue:${s.region}:${s.account}:schema/${s.registryName}/${s.schemaName}`;
}
