/**
 * The grant steps of the demo: the producer publishes the topic, the consumer environment gets a
 * subscription target (with `streamgov subscription-target create`), the consumer project subscribes,
 * the approver accepts; DataZone's grant event runs the deployed grant workflow. Later the subscription
 * is revoked and the access is gone.
 *
 * @module
 */
import {
  AcceptSubscriptionRequestCommand,
  CreateListingChangeSetCommand,
  CreateSubscriptionRequestCommand,
  GetSubscriptionGrantCommand,
  paginateListSubscriptionGrants,
  paginateListSubscriptions,
  RevokeSubscriptionCommand,
} from '@aws-sdk/client-datazone';
import { GRANT_STATUS } from '../../../grant-workflow/src/contract.ts';
import type { PolicyStatement } from '../../../grant-workflow/src/policy/policy-document.ts';
import { DEMO_CREDENTIALS } from './accounts.ts';
import { readTopicAsset, type TopicAssetView } from './catalog.ts';
import { runStreamgovJson } from './cli-command.ts';
import { childEnvironment, localCloudVariables } from './config.ts';
import { type DemoContext, waitInCloud } from './context.ts';
import { DemoExpectationError } from './errors.ts';
import { clusterStatements, renderStatements, roleStatements, statementsFor } from './policies.ts';

/** The access in force for one topic. */
export interface AccessFacts {
  /** The grant asset's status in DataZone. */
  readonly status: string;
  /** Every streamgov statement of the consumer role. */
  readonly roleStatements: readonly PolicyStatement[];
  /** Every statement of the producer cluster's policy. */
  readonly clusterStatements: readonly PolicyStatement[];
  /** Those of them that name the topic. */
  readonly roleTopicStatements: readonly PolicyStatement[];
  readonly clusterTopicStatements: readonly PolicyStatement[];
}

/** What the grant step did. */
export interface GrantFacts extends AccessFacts {
  readonly listingId: string;
  readonly subscriptionTargetId: string;
  readonly subscriptionRequestId: string;
  readonly subscriptionId: string;
  readonly grantId: string;
  readonly topicArn: string;
}

/** The environment of `streamgov` commands run against the local cloud as the domain account. */
function commandEnvironment(context: DemoContext): Record<string, string> {
  return childEnvironment(localCloudVariables(context.local.url, context.estate.region, DEMO_CREDENTIALS));
}

async function grantAssetStatus(
  context: DemoContext,
  grantId: string,
): Promise<{ status: string; failure?: string }> {
  const grant = await context.accounts.governance
    .dataZone()
    .send(
      new GetSubscriptionGrantCommand({ domainIdentifier: context.estate.domainId, identifier: grantId }),
    );
  const [asset] = grant.assets ?? [];
  return {
    status: asset?.status ?? grant.status ?? '',
    ...(asset?.failureCause?.message ? { failure: asset.failureCause.message } : {}),
  };
}

/**
 * Waits until the grant's asset reaches `done` (or fails with the workflow's cause when it reaches
 * `failed`).
 */
async function awaitGrantStatus(
  context: DemoContext,
  grantId: string,
  done: string,
  failed: string,
): Promise<string> {
  return waitInCloud(context, `grant ${grantId} to become ${done}`, async () => {
    const { status, failure } = await grantAssetStatus(context, grantId);
    if (status === failed)
      throw new DemoExpectationError(`grant ${grantId} is ${failed}: ${failure ?? 'no cause given'}`);
    return status === done ? status : undefined;
  });
}

/** Reads and prints the access in force for the topic. */
async function access(context: DemoContext, status: string, topicArn: string): Promise<AccessFacts> {
  const role = await roleStatements(context.accounts.consumer, context.estate.consumerRoleArn);
  const cluster = await clusterStatements(context.accounts.producer, context.estate.clusterArn);
  return {
    status,
    roleStatements: role,
    clusterStatements: cluster,
    roleTopicStatements: statementsFor(role, topicArn),
    clusterTopicStatements: statementsFor(cluster, topicArn),
  };
}

function printAccess(context: DemoContext, facts: AccessFacts): void {
  const { printer, estate } = context;
  printer.detail(`consumer role ${estate.consumerRoleArn} (streamgov statements):`);
  for (const line of renderStatements(facts.roleStatements)) printer.detail(`  ${line}`);
  printer.detail(`cluster policy of ${estate.clusterArn}:`);
  for (const line of renderStatements(facts.clusterStatements)) printer.detail(`  ${line}`);
}

/** Publishes the asset unless the sync already did (autoPublish); returns its ACTIVE listing id. */
async function publish(context: DemoContext, asset: TopicAssetView): Promise<string> {
  const dz = context.accounts.governance.dataZone();
  const { domainId } = context.estate;
  if (!context.config.catalog.autoPublish) {
    const change = await dz.send(
      new CreateListingChangeSetCommand({
        domainIdentifier: domainId,
        entityIdentifier: asset.id,
        entityType: 'ASSET',
        action: 'PUBLISH',
      }),
    );
    context.printer.detail(
      `producer publishes ${asset.name}: CreateListingChangeSet PUBLISH → listing ${change.listingId} ${change.status}`,
    );
  }
  const listed = await waitInCloud(context, `listing of ${asset.name} to be ACTIVE`, async () => {
    const current = await readTopicAsset(dz, domainId, asset.id);
    return current.listingStatus === 'ACTIVE' && current.listingId ? current : undefined;
  });
  return listed.listingId ?? '';
}

/**
 * Step 3: publish, subscription target, subscribe, accept; waits for GRANTED and shows the policies.
 * @throws DemoExpectationError when the grant fails (with the workflow's cause) or no access shows.
 */
export async function grantSubscription(context: DemoContext, asset: TopicAssetView): Promise<GrantFacts> {
  const dz = context.accounts.governance.dataZone();
  const { printer, estate } = context;
  const domainId = estate.domainId;
  const listingId = await publish(context, asset);

  printer.progress('streamgov subscription-target create');
  const target = await runStreamgovJson<{ id: string; name: string; action: string }>(
    [
      'subscription-target',
      'create',
      '--config',
      context.configFile,
      '--environment',
      estate.consumerEnvironmentId,
      '--role',
      estate.consumerRoleArn,
      '--json',
    ],
    commandEnvironment(context),
  );
  printer.detail(
    `streamgov subscription-target create: ${target.name} (${target.id}) on environment ${estate.consumerEnvironmentId} ${target.action}, principal ${estate.consumerRoleArn}`,
  );

  const request = await dz.send(
    new CreateSubscriptionRequestCommand({
      domainIdentifier: domainId,
      subscribedPrincipals: [{ project: { identifier: estate.consumerProjectId } }],
      subscribedListings: [{ identifier: listingId }],
      requestReason: 'Fraud detection reads order events',
    }),
  );
  printer.detail(
    `consumer project ${estate.consumerProjectId} subscribes to ${asset.name}: request ${request.id} ${request.status}`,
  );
  const accepted = await dz.send(
    new AcceptSubscriptionRequestCommand({
      domainIdentifier: domainId,
      identifier: request.id ?? '',
      decisionComment: 'Approved for the fraud team',
    }),
  );
  printer.detail(`approver accepts: request ${accepted.id} ${accepted.status}`);

  const subscriptionId = await waitInCloud(context, `the subscription of request ${request.id}`, async () => {
    for await (const page of paginateListSubscriptions(
      { client: dz },
      { domainIdentifier: domainId, subscriptionRequestIdentifier: request.id ?? '' },
    )) {
      const found = page.items?.find((s) => s.id);
      if (found?.id) return found.id;
    }
    return undefined;
  });
  const grantId = await waitInCloud(context, `the grant of listing ${listingId}`, async () => {
    for await (const page of paginateListSubscriptionGrants(
      { client: dz },
      { domainIdentifier: domainId, subscribedListingId: listingId, subscriptionTargetId: target.id },
    )) {
      const found = page.items?.find((g) => g.id);
      if (found?.id) return found.id;
    }
    return undefined;
  });
  printer.detail(`DataZone grant ${grantId} → "Subscription Grant Requested" → the deployed grant workflow`);
  const status = await awaitGrantStatus(context, grantId, GRANT_STATUS.GRANT.done, GRANT_STATUS.GRANT.failed);
  printer.detail(`grant ${grantId}: ${status}`);
  const facts = await access(context, status, asset.externalIdentifier);
  printAccess(context, facts);
  if (facts.roleTopicStatements.length === 0 || facts.clusterTopicStatements.length === 0) {
    throw new DemoExpectationError(
      `the grant is ${status} but the role or the cluster policy does not name ${asset.externalIdentifier}`,
    );
  }
  return {
    ...facts,
    listingId,
    subscriptionTargetId: target.id,
    subscriptionRequestId: request.id ?? '',
    subscriptionId,
    grantId,
    topicArn: asset.externalIdentifier,
  };
}

/**
 * Step 6: revokes the subscription; waits for REVOKED and shows that the topic's statements are gone.
 * @throws DemoExpectationError when the revoke fails or a statement for the topic remains.
 */
export async function revokeSubscription(context: DemoContext, grant: GrantFacts): Promise<AccessFacts> {
  const dz = context.accounts.governance.dataZone();
  const revoked = await dz.send(
    new RevokeSubscriptionCommand({
      domainIdentifier: context.estate.domainId,
      identifier: grant.subscriptionId,
    }),
  );
  context.printer.detail(
    `RevokeSubscription ${grant.subscriptionId}: ${revoked.status} → "Subscription Grant Revoke Requested"`,
  );
  const status = await awaitGrantStatus(
    context,
    grant.grantId,
    GRANT_STATUS.REVOKE.done,
    GRANT_STATUS.REVOKE.failed,
  );
  context.printer.detail(`grant ${grant.grantId}: ${status}`);
  const facts = await access(context, status, grant.topicArn);
  printAccess(context, facts);
  if (facts.roleTopicStatements.length > 0 || facts.clusterTopicStatements.length > 0) {
    throw new DemoExpectationError(`the grant is ${status} but statements for ${grant.topicArn} remain`);
  }
  context.printer.detail(`no statement names ${grant.topicArn} any more`);
  return facts;
}
