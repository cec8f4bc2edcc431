import { formatGlueRegistryArn, parseGlueSchemaArn, parseIamRoleArn } from '../../../common/src/arns.ts';
import { InvalidInputError } from '../../../common/src/errors.ts';
import { grantGroupArn, parseTopicGrant, type TopicGrant } from '../grants.ts';
import { PolicyCapacityError } from './errors.ts';
import { iamSize, POLICY_VERSION, type PolicyDocument, type PolicyStatement } from './policy-document.ts';

/** IAM quota: aggregate size of all inline policies of a role (IAM does not count white space). */
export const INLINE_AGGREGATE_LIMIT = 10_240;
/** IAM quota: size of one customer managed policy. */
export const MANAGED_POLICY_LIMIT = 6_144;
/** Default name of the inline policy streamgov owns on each consumer role. */
export const DEFAULT_INLINE_POLICY_NAME = 'streamgov-kafka-access';

/** Name prefix of the overflow managed policies streamgov owns for a role (`<prefix>-<n>`). */
export function managedPolicyPrefix(roleName: string): string {
  return `streamgov-${roleName}`;
}
/** Default characters kept free under the inline aggregate limit. */
export const DEFAULT_SAFETY_MARGIN_CHARS = 256;

/**
 * One statement kind of a consumer policy: a fixed Sid and action list, and the resources of every grant.
 * Each kind renders as one statement per policy document it occupies.
 */
interface StatementKind {
  readonly sid: string;
  readonly actions: readonly string[];
}

/**
 * The statement kinds, in rendering order.
 * - Cluster: Connect and DescribeCluster (DescribeCluster needs Connect) on each distinct cluster ARN.
 * - Topic: DescribeTopic and ReadData on each topic ARN.
 * - Group: DescribeGroup and AlterGroup (joining a group; ReadData needs it) on each group ARN: every group
 *   of the cluster (`group/<cluster>/<uuid>/*`) or the environment's prefix (`…/<prefix>*`).
 * - Schema: `glue:GetSchemaVersion` on each schema ARN and its registry ARN, for schemas in the consumer's
 *   own account only (see {@link readableSchemaArns}). That is the one Glue action the
 *   Glue Schema Registry deserializer calls (by SchemaVersionId from the record header, or by schema +
 *   version); GetSchemaByDefinition is the serializer's (producer side), GetSchema, GetRegistry and
 *   ListSchemaVersions are not called by a consumer. See {@link ConsumerPolicyOptions.schemaVersionLookupById}.
 */
export const CONSUMER_STATEMENTS = {
  cluster: {
    sid: 'StreamgovKafkaCluster',
    actions: ['kafka-cluster:Connect', 'kafka-cluster:DescribeCluster'],
  },
  topic: { sid: 'StreamgovKafkaTopic', actions: ['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData'] },
  group: { sid: 'StreamgovKafkaGroup', actions: ['kafka-cluster:AlterGroup', 'kafka-cluster:DescribeGroup'] },
  schema: { sid: 'StreamgovGlueSchema', actions: ['glue:GetSchemaVersion'] },
  schemaById: { sid: 'StreamgovGlueSchemaVersionById', actions: ['glue:GetSchemaVersion'] },
} as const satisfies Record<string, StatementKind>;

const KIND_ORDER: readonly StatementKind[] = [
  CONSUMER_STATEMENTS.cluster,
  CONSUMER_STATEMENTS.topic,
  CONSUMER_STATEMENTS.group,
  CONSUMER_STATEMENTS.schema,
  CONSUMER_STATEMENTS.schemaById,
];

/** Options of {@link renderConsumerPolicies}. */
export interface ConsumerPolicyOptions {
  /** Name of the consumer role the policies are for; every grant must list a role of that name. */
  readonly roleName: string;
  /** @default DEFAULT_INLINE_POLICY_NAME (`streamgov-kafka-access`) */
  readonly inlinePolicyName?: string;
  /**
   * Name prefix of the customer managed policies used on overflow, named `<prefix>-1`, `<prefix>-2`, …
   * Managed policy names are unique per account, so the default includes the role name.
   * @default `streamgov-<roleName>`
   */
  readonly managedPolicyPrefix?: string;
  /** How many more managed policies may be attached to the role (10 per role by default, minus those attached by others). */
  readonly freeManagedSlots: number;
  /** Size of the role's other (foreign) inline policies, which count towards the 10,240 aggregate. */
  readonly otherInlineChars: number;
  /**
   * Characters left free under the inline aggregate: room for a foreign inline policy that grows between
   * reading the role and writing, and for any difference in how IAM counts.
   * @default DEFAULT_SAFETY_MARGIN_CHARS (256)
   */
  readonly safetyMarginChars?: number;
  /**
   * Also allow `glue:GetSchemaVersion` on `*` (statement `StreamgovGlueSchemaVersionById`). The Glue SerDe
   * deserializer looks versions up by SchemaVersionId alone, and the Glue guide's deserializer example and
   * awslabs/aws-glue-schema-registry#68 say that call cannot be scoped to a registry or schema ARN. The
   * action only reads schema definitions.
   * @default false: GetSchemaVersion only on the granted schemas and their registries.
   */
  readonly schemaVersionLookupById?: boolean;
  /**
   * How Glue access is scoped. `'schema'`: each granted schema ARN and its registry ARN. `'registry'`: the
   * registries of the granted schemas and every schema in them (`schema/<registry>/*`): a wider grant (it
   * reads the definitions of the registry's other schemas, which are metadata, not data) that costs two
   * resources per registry instead of one per schema, for roles with hundreds of grants.
   * @default 'schema'
   */
  readonly schemaScope?: 'schema' | 'registry';
}

/** A customer managed policy streamgov owns for a role. */
export interface ManagedConsumerPolicy {
  readonly name: string;
  readonly document: PolicyDocument;
}

/** The policies a consumer role must have: the inline one (if any) and the managed ones, in name order. */
export interface ConsumerPolicies {
  readonly inlinePolicyName: string;
  /** Undefined when there is nothing to grant, or no room inline (the caller deletes the inline policy). */
  readonly inline?: PolicyDocument;
  /** The managed policies to create or update and attach; any other `<prefix>-<n>` is to detach and delete. */
  readonly managed: readonly ManagedConsumerPolicy[];
}

/** IAM's pattern for role and policy names (PutRolePolicy / CreatePolicy). */
const IAM_NAME = /^[\w+=,.@-]+$/;

function checkName(field: string, value: unknown, max: number): string {
  if (typeof value !== 'string' || value.length > max || !IAM_NAME.test(value)) {
    throw new InvalidInputError(
      field,
      value,
      `must be an IAM name of at most ${max} characters (${IAM_NAME.source})`,
    );
  }
  return value;
}

function checkCount(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new InvalidInputError(field, value, 'must be a non-negative integer');
  }
  return value;
}

interface Item {
  readonly kind: StatementKind;
  readonly resource: string;
}

/**
 * The schemas of a grant that its consumer roles can read with their own IAM permissions: those in a
 * registry of the consumer's account. The Glue Schema Registry has no resource-based policy (Glue's
 * PutResourcePolicy covers the Data Catalog only), so an identity policy of another account cannot
 * reach a registry; a statement for it would be dead weight in the role's size quota. Consumers of
 * another account read the schema from the topic asset's schema form in DataZone instead (see
 * docs/grant-workflow.md, "Schemas across accounts"). Pure.
 * @param grant - A checked grant.
 * @returns The schema ARNs of the consumer account, in the grant's order.
 */
export function readableSchemaArns(grant: TopicGrant): string[] {
  return grant.schemaArns.filter((arn) => parseGlueSchemaArn(arn).account === grant.consumerAccount);
}

/** Every (kind, resource) the grants need, de-duplicated, in kind order then resource order. */
function items(grants: readonly TopicGrant[], byId: boolean, scope: 'schema' | 'registry'): Item[] {
  const sets = new Map<StatementKind, Set<string>>(KIND_ORDER.map((kind) => [kind, new Set<string>()]));
  const add = (kind: StatementKind, resource: string) => sets.get(kind)?.add(resource);
  let schemas = 0;
  for (const grant of grants) {
    add(CONSUMER_STATEMENTS.cluster, grant.clusterArn);
    add(CONSUMER_STATEMENTS.topic, grant.topicArn);
    add(CONSUMER_STATEMENTS.group, grantGroupArn(grant));
    for (const schemaArn of readableSchemaArns(grant)) {
      schemas += 1;
      const registryArn = formatGlueRegistryArn(parseGlueSchemaArn(schemaArn));
      add(CONSUMER_STATEMENTS.schema, registryArn);
      // The registry's schemas: a documented opt-in (see the option), `*` after the registry name only.
      if (scope === 'registry')
        add(CONSUMER_STATEMENTS.schema, `${registryArn.replace(':registry/', ':schema/')}/*`);
      else add(CONSUMER_STATEMENTS.schema, schemaArn);
    }
  }
  // '*' because the deserializer's lookup by SchemaVersionId cannot be scoped (see the option's doc).
  // Only with a readable schema: a lookup by id in another account's registry fails anyway.
  if (byId && schemas > 0) add(CONSUMER_STATEMENTS.schemaById, '*');
  return KIND_ORDER.flatMap((kind) =>
    [...(sets.get(kind) ?? [])].sort().map((resource) => ({ kind, resource })),
  );
}

/** A policy document being filled; `size` is exactly `iamSize` of what {@link toDocument} returns. */
interface Bin {
  readonly capacity: number;
  readonly statements: { kind: StatementKind; resources: string[] }[];
  size: number;
}

const EMPTY_SIZE = iamSize({ Version: POLICY_VERSION, Statement: [] });

function statementOf(kind: StatementKind, resources: readonly string[]): PolicyStatement {
  return { Sid: kind.sid, Effect: 'Allow', Action: [...kind.actions], Resource: [...resources] };
}

/** Characters an empty statement of a kind adds to a document that has none yet. */
const headerSize = (kind: StatementKind) => JSON.stringify(statementOf(kind, [])).length;

/** Characters `item` adds to `bin` (exact: the documents are compact JSON in this key order). */
function cost(bin: Bin, item: Item): number {
  const last = bin.statements.at(-1);
  const quoted = JSON.stringify(item.resource).length;
  if (last?.kind === item.kind) return quoted + 1;
  return headerSize(item.kind) + quoted + (bin.statements.length > 0 ? 1 : 0);
}

function add(bin: Bin, item: Item, added: number): void {
  const last = bin.statements.at(-1);
  if (last?.kind === item.kind) last.resources.push(item.resource);
  else bin.statements.push({ kind: item.kind, resources: [item.resource] });
  bin.size += added;
}

function toDocument(bin: Bin): PolicyDocument {
  return {
    Version: POLICY_VERSION,
    Statement: bin.statements.map(({ kind, resources }) => statementOf(kind, resources)),
  };
}

/**
 * First-fit in item order: fill each bin before the next. Returns the bins used (the first is the
 * inline one, possibly empty) and the items left over when `managedBins` is exhausted.
 */
function pack(all: readonly Item[], inlineCapacity: number, managedBins: number) {
  const bins: Bin[] = [{ capacity: inlineCapacity, statements: [], size: EMPTY_SIZE }];
  let index = 0;
  for (const item of all) {
    for (;;) {
      const bin = bins[bins.length - 1] as Bin;
      const added = cost(bin, item);
      if (bin.size + added <= bin.capacity) {
        add(bin, item, added);
        break;
      }
      if (bin.statements.length === 0 && bins.length > 1) {
        return { bins, left: all.length - index }; // cannot fit even in an empty managed policy
      }
      if (bins.length > managedBins) return { bins, left: all.length - index };
      bins.push({ capacity: MANAGED_POLICY_LIMIT, statements: [], size: EMPTY_SIZE });
    }
    index += 1;
  }
  return { bins, left: 0 };
}

/**
 * Renders the IAM policies a consumer role needs for its active topic grants, from the desired state
 * (never by patching text): compact, one statement per kind ({@link CONSUMER_STATEMENTS}) holding many
 * resources, resources de-duplicated and sorted, no white space.
 *
 * Overflow strategy: the items (kind, resource) are taken in kind order, then resource order, and
 * poured first into the inline policy, up to 10,240 − `otherInlineChars` − `safetyMarginChars`, then into
 * customer managed policies `<prefix>-1`, `<prefix>-2`, … of at most 6,144 characters each, at most
 * `freeManagedSlots` of them. A kind spread over two documents appears in both with the same Sid (Sids
 * are unique per document). The split is a pure function of the grant set: the same grants give the same
 * documents whatever their order. Adding or removing a grant can move resources between documents; the
 * adapter writes the documents that gain resources before those that lose them.
 *
 * @param grants - All active grants whose principals include the role (the whole desired state).
 * @param options - See {@link ConsumerPolicyOptions}.
 * @returns The inline document (undefined when empty) and the managed documents (empty list when none).
 *   No grants give `{ inline: undefined, managed: [] }`: the caller deletes streamgov's policies.
 * @throws InvalidInputError for a malformed grant or option, or a grant that does not list the role.
 * @throws PolicyCapacityError naming the role, the characters needed and available, and what to do.
 * @example
 * const { inline, managed } = renderConsumerPolicies(grants, {
 *   roleName: 'datazone_usr_role_x', freeManagedSlots: 8, otherInlineChars: 812,
 * });
 */
export function renderConsumerPolicies(
  grants: readonly TopicGrant[],
  options: ConsumerPolicyOptions,
): ConsumerPolicies {
  const roleName = checkName('roleName', options.roleName, 64);
  const inlinePolicyName = checkName(
    'inlinePolicyName',
    options.inlinePolicyName ?? DEFAULT_INLINE_POLICY_NAME,
    128,
  );
  const prefix = checkName(
    'managedPolicyPrefix',
    options.managedPolicyPrefix ?? managedPolicyPrefix(roleName),
    124,
  );
  const freeManagedSlots = checkCount('freeManagedSlots', options.freeManagedSlots);
  const otherInlineChars = checkCount('otherInlineChars', options.otherInlineChars);
  const margin = checkCount('safetyMarginChars', options.safetyMarginChars ?? DEFAULT_SAFETY_MARGIN_CHARS);
  const byId = options.schemaVersionLookupById ?? false;
  if (typeof byId !== 'boolean')
    throw new InvalidInputError('schemaVersionLookupById', byId, 'must be a boolean');
  const scope = options.schemaScope ?? 'schema';
  if (scope !== 'schema' && scope !== 'registry') {
    throw new InvalidInputError('schemaScope', scope, 'must be "schema" or "registry"');
  }

  const checked = grants.map((grant, index) => {
    const parsed = parseTopicGrant(grant, `grants[${index}]`);
    if (!parsed.principals.some((arn) => parseIamRoleArn(arn).roleName === roleName)) {
      throw new InvalidInputError(
        `grants[${index}].principals`,
        parsed.principals,
        `do not include the role ${roleName}`,
      );
    }
    return parsed;
  });
  const all = items(checked, byId, scope);
  if (all.length === 0) return { inlinePolicyName, managed: [] };

  const inlineCapacity = INLINE_AGGREGATE_LIMIT - otherInlineChars - margin;
  const { bins, left } = pack(all, inlineCapacity, freeManagedSlots);
  if (left > 0) {
    const unlimited = pack(all, inlineCapacity, Number.MAX_SAFE_INTEGER).bins;
    const used = (list: readonly Bin[]) =>
      list.reduce((sum, bin) => sum + (bin.statements.length > 0 ? bin.size : 0), 0);
    throw new PolicyCapacityError(
      `Role ${roleName}`,
      used(unlimited),
      Math.max(inlineCapacity, 0) + freeManagedSlots * MANAGED_POLICY_LIMIT,
      `Its ${checked.length} grants need the inline policy and ${unlimited.length - 1} managed policies of ` +
        `${MANAGED_POLICY_LIMIT} characters, but ${freeManagedSlots} managed-policy slots are free and the role's other ` +
        `inline policies use ${otherInlineChars} of the ${INLINE_AGGREGATE_LIMIT} inline characters. Detach managed ` +
        'policies the role does not need or raise the "Managed policies per role" IAM quota, shrink its other inline ' +
        "policies, or split the environment's subscriptions across more roles.",
    );
  }
  const [inlineBin, ...managedBins] = bins as [Bin, ...Bin[]];
  return {
    inlinePolicyName,
    ...(inlineBin.statements.length > 0 ? { inline: toDocument(inlineBin) } : {}),
    managed: managedBins.map((bin, index) => ({ name: `${prefix}-${index + 1}`, document: toDocument(bin) })),
  };
}
