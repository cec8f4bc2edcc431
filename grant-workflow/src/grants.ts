import {
  formatGlueSchemaArn,
  formatIamRoleArn,
  formatMskClusterArn,
  GROUP_NAME,
  mskGroupArn,
  mskTopicArn,
  parseGlueSchemaArn,
  parseIamRoleArn,
  parseMskClusterArn,
  parseMskTopicArn,
} from '../../common/src/arns.ts';
import { InvalidInputError } from '../../common/src/errors.ts';
import { isJsonObject } from '../../common/src/json.ts';

/**
 * Which consumer groups a grant lets the consumer use: every group of the cluster, or the groups whose
 * name starts with a prefix (typically one per consumer environment).
 */
export type ConsumerGroupScope = { readonly prefix: string } | 'all';

/**
 * The consumer-group scope of grants to a consumer environment: every group, or the groups named
 * `<environmentId>.…`. The one place this prefix is made: the workflow (collect) and reconcile must give
 * the same scope, or reconcile would report the workflow's own records as stale.
 * @param perEnvironment - A prefix per environment (configuration `per-environment`); false: all groups.
 * @param environmentId - The consumer environment.
 * @returns `'all'` or `{ prefix: '<environmentId>.' }`.
 */
export function environmentGroupScope(perEnvironment: boolean, environmentId: string): ConsumerGroupScope {
  return perEnvironment ? { prefix: `${environmentId}.` } : 'all';
}

/**
 * One active subscription grant of a topic asset, as the policy renderers need it. Every ARN is checked
 * by {@link parseTopicGrant}; the renderers check again, so a value that would inject into a policy never
 * reaches one.
 */
export interface TopicGrant {
  /** DataZone subscription grant id. */
  readonly grantId: string;
  /** DataZone asset id of the topic asset. */
  readonly assetId: string;
  /** `arn:<p>:kafka:<region>:<account>:topic/<cluster>/<uuid>/<topic>`, on {@link clusterArn}. */
  readonly topicArn: string;
  /** `arn:<p>:kafka:<region>:<account>:cluster/<cluster>/<uuid>`. */
  readonly clusterArn: string;
  readonly consumerGroups: ConsumerGroupScope;
  /** Glue schema ARNs of the topic's value and key schemas; may be empty. */
  readonly schemaArns: readonly string[];
  /** The consumer environment's account (12 digits); every principal belongs to it. */
  readonly consumerAccount: string;
  /** IAM role ARNs of the subscription target (its authorized principals); at least one. */
  readonly principals: readonly string[];
}

/** DataZone identifiers: letters, digits, `_` and `-` (DataZone's own pattern is `^[a-zA-Z0-9_-]{1,36}$`). */
const DATAZONE_ID = /^[a-zA-Z0-9_-]{1,64}$/;
const ACCOUNT = /^\d{12}$/;

function id(value: unknown, field: string): string {
  if (typeof value !== 'string' || !DATAZONE_ID.test(value)) {
    throw new InvalidInputError(field, value, `must be a DataZone identifier (${DATAZONE_ID.source})`);
  }
  return value;
}

function list(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value)) throw new InvalidInputError(field, value, 'must be a list');
  return value;
}

function string(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new InvalidInputError(field, value, 'must be a string');
  return value;
}

function groupScope(value: unknown, field: string): ConsumerGroupScope {
  if (value === 'all') return 'all';
  if (isJsonObject(value) && typeof value.prefix === 'string') {
    // Kafka-safe characters only (no `*`, `?`, quote or slash): the prefix is written into a group ARN.
    if (!GROUP_NAME.test(value.prefix)) {
      throw new InvalidInputError(
        `${field}.prefix`,
        value.prefix,
        `must be a consumer group prefix (${GROUP_NAME.source})`,
      );
    }
    return { prefix: value.prefix };
  }
  throw new InvalidInputError(field, value, 'must be "all" or { prefix: "<group name prefix>" }');
}

/**
 * Validates a grant and returns it with every ARN in canonical form. Rejects (before anything is rendered)
 * malformed ARNs, ARNs of another service or resource type, names with wildcards or characters outside
 * Kafka's, Glue's or IAM's rules, a topic on another cluster, a principal of another account.
 * @param value - The grant, e.g. from the workflow state.
 * @param field - The name of the value in error messages.
 * @returns The checked grant (a new object; unknown members dropped).
 * @throws InvalidInputError naming the field (e.g. `grant.principals[1]`) and the value.
 * @example
 * const grant = parseTopicGrant(state.grant);
 */
export function parseTopicGrant(value: unknown, field = 'grant'): TopicGrant {
  if (!isJsonObject(value)) throw new InvalidInputError(field, value, 'must be an object');
  const grantId = id(value.grantId, `${field}.grantId`);
  const assetId = id(value.assetId, `${field}.assetId`);
  const cluster = parseMskClusterArn(string(value.clusterArn, `${field}.clusterArn`), `${field}.clusterArn`);
  const clusterArn = formatMskClusterArn(cluster);
  const topicArnText = string(value.topicArn, `${field}.topicArn`);
  const topic = parseMskTopicArn(topicArnText, `${field}.topicArn`);
  if (formatMskClusterArn(topic.cluster) !== clusterArn) {
    throw new InvalidInputError(`${field}.topicArn`, topicArnText, `is not a topic of cluster ${clusterArn}`);
  }
  const consumerGroups = groupScope(value.consumerGroups, `${field}.consumerGroups`);
  const schemaArns = list(value.schemaArns, `${field}.schemaArns`).map((arn, index) => {
    const where = `${field}.schemaArns[${index}]`;
    return formatGlueSchemaArn(parseGlueSchemaArn(string(arn, where), where));
  });
  const consumerAccount = value.consumerAccount;
  if (typeof consumerAccount !== 'string' || !ACCOUNT.test(consumerAccount)) {
    throw new InvalidInputError(
      `${field}.consumerAccount`,
      consumerAccount,
      'must be a 12-digit AWS account id',
    );
  }
  const principals = list(value.principals, `${field}.principals`).map((arn, index) => {
    const where = `${field}.principals[${index}]`;
    const role = parseIamRoleArn(string(arn, where), where);
    if (role.account !== consumerAccount) {
      throw new InvalidInputError(
        where,
        arn,
        `is a role of account ${role.account}, not of the consumer account ${consumerAccount}`,
      );
    }
    return formatIamRoleArn(role);
  });
  if (principals.length === 0) {
    throw new InvalidInputError(`${field}.principals`, value.principals, 'must name at least one IAM role');
  }
  return {
    grantId,
    assetId,
    topicArn: mskTopicArn(topic.cluster, topic.topic, `${field}.topicArn`),
    clusterArn,
    consumerGroups,
    schemaArns,
    consumerAccount,
    principals,
  };
}

/**
 * The group ARN a grant's consumer-group scope renders to: `group/<cluster>/<uuid>/*` for all groups,
 * `group/<cluster>/<uuid>/<prefix>*` for a prefix.
 * @param grant - A checked grant.
 * @returns The group ARN pattern.
 * @throws InvalidInputError for a malformed cluster ARN or prefix.
 */
export function grantGroupArn(grant: TopicGrant): string {
  const cluster = parseMskClusterArn(grant.clusterArn);
  return mskGroupArn(cluster, grant.consumerGroups === 'all' ? '*' : { prefix: grant.consumerGroups.prefix });
}
