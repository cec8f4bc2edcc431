/**
 * The logic of the CloudFormation custom resource that creates the topic asset type (CloudFormation has
 * no resource for DataZone asset types). Written for CDK's custom resource Provider framework: `onEvent`
 * gets the event, returns `{PhysicalResourceId, Data}` or throws. A thin Lambda entry builds the client
 * and calls {@link onAssetTypeResourceEvent}.
 *
 * ResourceProperties: `DomainId`, `OwningProjectId`, `AssetTypeNames` (optional JSON of
 * {@link TopicAssetTypeNames}; missing keys take {@link DEFAULT_NAMES}). PhysicalResourceId:
 * `<domainId>/<assetTypeName>`. Data: `AssetTypeRevision`.
 */

import type { DataZoneClient } from '@aws-sdk/client-datazone';
import { InvalidInputError } from '../../common/src/errors.ts';
import type { Log } from '../../common/src/logger.ts';
import { applyTopicAssetType, deleteTopicAssetType } from './adapters/datazone-asset-type.ts';
import { DEFAULT_NAMES, type TopicAssetTypeNames, topicAssetType } from './definition.ts';

/** The members of a CloudFormation custom resource event this resource reads. */
export interface AssetTypeResourceEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly ResourceProperties: Readonly<Record<string, unknown>>;
  readonly OldResourceProperties?: Readonly<Record<string, unknown>>;
  /** Set on Update and Delete. */
  readonly PhysicalResourceId?: string;
  readonly LogicalResourceId?: string;
  readonly RequestId?: string;
}

/** What onEvent returns to the Provider framework. */
export interface AssetTypeResourceResponse {
  readonly PhysicalResourceId: string;
  readonly Data?: { readonly AssetTypeRevision: string };
}

/** The validated ResourceProperties. */
export interface AssetTypeResourceProperties {
  readonly domainId: string;
  readonly owningProjectId: string;
  readonly names: TopicAssetTypeNames;
}

/** What the resource does for one event: the decision, without I/O. */
export type AssetTypeResourcePlan =
  | {
      readonly kind: 'apply';
      readonly properties: AssetTypeResourceProperties;
      readonly physicalResourceId: string;
      /** Update only: the physical id this one replaces (CloudFormation then sends a Delete for it). */
      readonly replaces?: string;
    }
  | {
      readonly kind: 'delete';
      readonly domainId: string;
      readonly names: TopicAssetTypeNames;
      readonly physicalResourceId: string;
    }
  | { readonly kind: 'skip'; readonly physicalResourceId: string; readonly reason: string };

const DOMAIN_ID = /^dzd[-_][a-zA-Z0-9_-]{1,36}$/u;
const PROJECT_ID = /^[a-zA-Z0-9_-]{1,36}$/u;
/** Asset and form type names streamgov creates: a letter, then letters, digits and `_` (no `.`, no `/`). */
const TYPE_NAME = /^[A-Za-z][A-Za-z0-9_]{0,127}$/u;
/** FormTypeRevisions only triggers an Update when CloudFormation revises a form type (the handler reads the
 * revisions from DataZone itself). */
const KNOWN_PROPERTIES = new Set([
  'DomainId',
  'OwningProjectId',
  'AssetTypeNames',
  'FormTypeRevisions',
  'ServiceToken',
]);
const NAME_KEYS = Object.keys(DEFAULT_NAMES) as (keyof TopicAssetTypeNames)[];

function requiredString(props: Readonly<Record<string, unknown>>, key: string, pattern: RegExp): string {
  const value = props[key];
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw new InvalidInputError(key, value, `must be a string matching ${pattern.source}`);
  }
  return value;
}

function parseNames(value: unknown): TopicAssetTypeNames {
  if (value === undefined || value === '') return DEFAULT_NAMES;
  if (typeof value !== 'string')
    throw new InvalidInputError('AssetTypeNames', value, 'must be a JSON string');
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    throw new InvalidInputError('AssetTypeNames', value, `is not JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InvalidInputError('AssetTypeNames', value, 'must be a JSON object');
  }
  const record = parsed as Record<string, unknown>;
  const unknown = Object.keys(record).filter((k) => !(NAME_KEYS as string[]).includes(k));
  if (unknown.length > 0) {
    throw new InvalidInputError(
      'AssetTypeNames',
      value,
      `has unknown keys ${unknown.join(', ')} (known: ${NAME_KEYS.join(', ')})`,
    );
  }
  const names = { ...DEFAULT_NAMES };
  for (const key of NAME_KEYS) {
    const name = record[key];
    if (name === undefined) continue;
    if (typeof name !== 'string' || !TYPE_NAME.test(name)) {
      throw new InvalidInputError(`AssetTypeNames.${key}`, name, `must match ${TYPE_NAME.source}`);
    }
    names[key] = name;
  }
  return names;
}

/**
 * Validates ResourceProperties (CloudFormation's `ServiceToken` is allowed; other unknown keys are not,
 * so that a typo fails the deployment instead of being ignored).
 * @throws InvalidInputError naming the property and the value.
 */
export function parseAssetTypeResourceProperties(
  props: Readonly<Record<string, unknown>>,
): AssetTypeResourceProperties {
  const unknown = Object.keys(props).filter((k) => !KNOWN_PROPERTIES.has(k));
  if (unknown.length > 0) {
    throw new InvalidInputError(
      'ResourceProperties',
      unknown,
      `unknown properties (known: ${[...KNOWN_PROPERTIES].join(', ')})`,
    );
  }
  return {
    domainId: requiredString(props, 'DomainId', DOMAIN_ID),
    owningProjectId: requiredString(props, 'OwningProjectId', PROJECT_ID),
    names: parseNames(props.AssetTypeNames),
  };
}

/** `<domainId>/<assetTypeName>`: what identifies the asset type, so changing either replaces it. */
export function assetTypePhysicalId(domainId: string, assetTypeName: string): string {
  return `${domainId}/${assetTypeName}`;
}

/** The domain and asset type of a physical id this resource issued; undefined for any other id. */
export function parseAssetTypePhysicalId(
  id: string,
): { domainId: string; assetTypeName: string } | undefined {
  const [domainId = '', assetTypeName = '', ...rest] = id.split('/');
  if (rest.length > 0 || !DOMAIN_ID.test(domainId) || !TYPE_NAME.test(assetTypeName)) return undefined;
  return { domainId, assetTypeName };
}

/**
 * Decides what one event means.
 * - Create: apply; the physical id is `<domainId>/<assetTypeName>`.
 * - Update: apply (a new revision only when something changed). When DomainId or the asset type name
 *   changed, the physical id changes: CloudFormation treats that as a replacement and later sends a Delete
 *   for the old id.
 * - Delete: the domain and asset type come from the physical id (authoritative: after a replacement it is
 *   the old resource being deleted), the form type names from ResourceProperties. A physical id this
 *   resource did not issue (for example the Provider framework's marker after a failed Create) means
 *   nothing was created: skip.
 * @throws InvalidInputError for invalid properties (Create/Update) or an unknown RequestType.
 */
export function planAssetTypeResourceEvent(event: AssetTypeResourceEvent): AssetTypeResourcePlan {
  switch (event.RequestType) {
    case 'Create':
    case 'Update': {
      const properties = parseAssetTypeResourceProperties(event.ResourceProperties);
      const physicalResourceId = assetTypePhysicalId(properties.domainId, properties.names.assetType);
      const previous = event.RequestType === 'Update' ? event.PhysicalResourceId : undefined;
      return {
        kind: 'apply',
        properties,
        physicalResourceId,
        ...(previous !== undefined && previous !== physicalResourceId ? { replaces: previous } : {}),
      };
    }
    case 'Delete': {
      const physicalResourceId = event.PhysicalResourceId ?? '';
      const target = parseAssetTypePhysicalId(physicalResourceId);
      if (!target) {
        return {
          kind: 'skip',
          physicalResourceId,
          reason: 'the physical id is not one this resource issued',
        };
      }
      const names = {
        ...parseNames(event.ResourceProperties.AssetTypeNames),
        assetType: target.assetTypeName,
      };
      return { kind: 'delete', domainId: target.domainId, names, physicalResourceId };
    }
    default:
      throw new InvalidInputError(
        'RequestType',
        (event as { RequestType?: unknown }).RequestType,
        'must be Create, Update or Delete',
      );
  }
}

/**
 * onEvent of the asset type custom resource: plans the event, then applies or deletes the asset type
 * with its form types.
 * @throws InvalidInputError, AssetTypeChangeError, OperationNotSupportedError, TransientAwsError or
 * AwsCallError; the Provider framework reports the message to CloudFormation.
 */
export async function onAssetTypeResourceEvent(
  event: AssetTypeResourceEvent,
  deps: { readonly client: DataZoneClient; readonly log: Log },
): Promise<AssetTypeResourceResponse> {
  const plan = planAssetTypeResourceEvent(event);
  const { client, log } = deps;
  switch (plan.kind) {
    case 'apply': {
      const { domainId, owningProjectId, names } = plan.properties;
      if (plan.replaces) log.info('asset type resource replaced', { domainId, replaces: plan.replaces });
      const result = await applyTopicAssetType({
        client,
        domainId,
        owningProjectId,
        definition: topicAssetType(names),
        formTypes: 'reference',
        log,
      });
      return {
        PhysicalResourceId: plan.physicalResourceId,
        Data: { AssetTypeRevision: result.assetType.revision },
      };
    }
    case 'delete':
      await deleteTopicAssetType({
        client,
        domainId: plan.domainId,
        definition: topicAssetType(plan.names),
        formTypes: 'keep',
        log,
      });
      return { PhysicalResourceId: plan.physicalResourceId };
    case 'skip':
      log.warn('asset type resource delete skipped', {
        physicalResourceId: plan.physicalResourceId,
        reason: plan.reason,
      });
      return { PhysicalResourceId: plan.physicalResourceId };
  }
}
