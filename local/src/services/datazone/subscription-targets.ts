import type {
  CreateSubscriptionTargetInput,
  CreateSubscriptionTargetOutput,
  GetSubscriptionTargetInput,
  GetSubscriptionTargetOutput,
  ListSubscriptionTargetsInput,
  ListSubscriptionTargetsOutput,
} from '@aws-sdk/client-datazone';
import { anchored, list, required, str, struct, validated } from '../../cloud/validate.ts';
import { conflict } from './errors.ts';
import { idempotency } from './idempotency.ts';
import { newResourceId, userIdOf } from './ids.ts';
import {
  type Ctx,
  nowIso,
  own,
  requireDomain,
  requireEnvironment,
  requireSubscriptionTarget,
  sortRecords,
  toDate,
} from './lookup.ts';
import { paginate } from './pagination.ts';
import {
  domainIdentifier,
  FORM_NAME,
  maxResults,
  nextToken,
  ROLE_ARN,
  requiredId,
  sortBy,
  sortOrder,
} from './rules.ts';
import { type DomainRecord, nextSeq, type SubscriptionTargetRecord } from './state.ts';

const DEFAULT_PROVIDER = 'Amazon DataZone';

function targetOutput(domain: DomainRecord, target: SubscriptionTargetRecord): GetSubscriptionTargetOutput {
  return {
    id: target.id,
    authorizedPrincipals: [...target.authorizedPrincipals],
    domainId: domain.id,
    projectId: target.projectId,
    environmentId: target.environmentId,
    name: target.name,
    type: target.type,
    createdBy: target.createdBy,
    createdAt: toDate(target.createdAt),
    manageAccessRole: target.manageAccessRole,
    applicableAssetTypes: [...target.applicableAssetTypes],
    subscriptionTargetConfig: target.subscriptionTargetConfig.map((c) => ({ ...c })),
    provider: target.provider,
    subscriptionGrantCreationMode: target.subscriptionGrantCreationMode,
  };
}

/**
 * CreateSubscriptionTarget: names are unique within an environment. `provider` defaults to
 * "Amazon DataZone" and `subscriptionGrantCreationMode` to AUTOMATIC (grants are created when a
 * subscription request is accepted).
 */
export const createSubscriptionTarget = validated(
  {
    domainIdentifier,
    environmentIdentifier: requiredId,
    name: required(str({ min: 1, max: 256 })),
    type: required(str()),
    subscriptionTargetConfig: required(
      list(
        struct({
          formName: required(str({ min: 1, max: 128, pattern: FORM_NAME })),
          content: required(str()),
        }),
      ),
    ),
    authorizedPrincipals: required(
      list(str({ pattern: anchored('[a-zA-Z0-9:/._-]*') }), { min: 1, max: 20 }),
    ),
    manageAccessRole: required(str({ pattern: ROLE_ARN })),
    applicableAssetTypes: required(list(str({ min: 1, max: 256 }))),
    provider: str(),
    clientToken: str(),
    subscriptionGrantCreationMode: str({ enum: ['AUTOMATIC', 'MANUAL'] }),
  },
  (input: CreateSubscriptionTargetInput, ctx: Ctx): CreateSubscriptionTargetOutput => {
    const domain = requireDomain(ctx, input.domainIdentifier ?? '');
    const token = idempotency(ctx.state, 'CreateSubscriptionTarget', domain.id, input.clientToken, input);
    const environment = requireEnvironment(domain, input.environmentIdentifier ?? '');
    const previous = own(domain.subscriptionTargets, token.previous?.targetId ?? '');
    if (previous) return targetOutput(domain, previous);
    const name = input.name ?? '';
    if (
      Object.values(domain.subscriptionTargets).some(
        (t) => t.environmentId === environment.id && t.name === name,
      )
    ) {
      throw conflict(`A subscription target named ${name} already exists in environment ${environment.id}.`);
    }
    const target: SubscriptionTargetRecord = {
      id: newResourceId(ctx.cloud),
      environmentId: environment.id,
      projectId: environment.projectId,
      name,
      type: input.type ?? '',
      subscriptionTargetConfig: (input.subscriptionTargetConfig ?? []).map((c) => ({
        formName: c.formName ?? '',
        content: c.content ?? '',
      })),
      authorizedPrincipals: [...(input.authorizedPrincipals ?? [])],
      manageAccessRole: input.manageAccessRole ?? '',
      applicableAssetTypes: [...(input.applicableAssetTypes ?? [])],
      provider: input.provider ?? DEFAULT_PROVIDER,
      subscriptionGrantCreationMode: input.subscriptionGrantCreationMode ?? 'AUTOMATIC',
      createdBy: userIdOf(ctx.caller),
      createdAt: nowIso(ctx),
      seq: nextSeq(ctx.state),
    };
    domain.subscriptionTargets[target.id] = target;
    token.remember({ targetId: target.id });
    return targetOutput(domain, target);
  },
);

/** GetSubscriptionTarget: the target must belong to the given environment. */
export const getSubscriptionTarget = validated(
  { domainIdentifier, environmentIdentifier: requiredId, identifier: requiredId },
  (input: GetSubscriptionTargetInput, ctx: Ctx): GetSubscriptionTargetOutput => {
    const domain = requireDomain(ctx, input.domainIdentifier ?? '');
    const environment = requireEnvironment(domain, input.environmentIdentifier ?? '');
    return targetOutput(domain, requireSubscriptionTarget(domain, environment.id, input.identifier ?? ''));
  },
);

/** ListSubscriptionTargets of one environment, oldest first unless sorted otherwise. */
export const listSubscriptionTargets = validated(
  { domainIdentifier, environmentIdentifier: requiredId, sortBy, sortOrder, maxResults, nextToken },
  (input: ListSubscriptionTargetsInput, ctx: Ctx): ListSubscriptionTargetsOutput => {
    const domain = requireDomain(ctx, input.domainIdentifier ?? '');
    const environment = requireEnvironment(domain, input.environmentIdentifier ?? '');
    const targets = Object.values(domain.subscriptionTargets).filter(
      (t) => t.environmentId === environment.id,
    );
    const page = paginate(
      sortRecords(targets, input.sortBy, input.sortOrder),
      input,
      'ListSubscriptionTargets',
    );
    return { items: page.items.map((t) => targetOutput(domain, t)), nextToken: page.nextToken };
  },
);
