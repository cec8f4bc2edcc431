/**
 * The streamgov configuration file of the demo: the one config file (docs/configuration.md) filled with
 * the ids the demo estate was seeded with. Pure.
 *
 * @module
 */

import { GRANT_WORKFLOW_NAMES } from '../../../infra/lib/constructs/grant-workflow-props.ts';
import type { SeededWorld } from '../../../local/src/seed/apply-world.ts';

/** The names the demo looks up in the seeded world. */
export const DEMO_NAMES = {
  cluster: 'streaming-orders',
  registry: 'streaming',
  producerProject: 'producer',
  consumerProject: 'consumer',
  producerEnvironment: 'producer-env',
  consumerEnvironment: 'consumer-env',
  consumerRole: 'consumer/analytics-reader',
  /** The role the environment stack creates for the catalog sync in the producer account. */
  catalogReadRole: 'streamgov-catalog-read',
} as const;

/** The seeded ids the demo needs, checked once. */
export interface DemoEstate {
  readonly region: string;
  readonly governanceAccount: string;
  readonly producerAccount: string;
  readonly consumerAccount: string;
  readonly domainId: string;
  readonly producerProjectId: string;
  readonly consumerProjectId: string;
  readonly producerEnvironmentId: string;
  readonly consumerEnvironmentId: string;
  readonly clusterArn: string;
  readonly registryName: string;
  readonly consumerRoleArn: string;
}

/**
 * The demo's ids from what seeding created.
 * @throws Error naming the first missing item when the world is not the demo world.
 */
export function demoEstate(seeded: SeededWorld): DemoEstate {
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the seeded world has no ${what}: start it with the demo world`);
    return value;
  };
  const datazone = need(seeded.datazone, 'DataZone domain');
  const cluster = need(seeded.clusters[DEMO_NAMES.cluster], `MSK cluster ${DEMO_NAMES.cluster}`);
  need(seeded.registries[DEMO_NAMES.registry], `Glue registry ${DEMO_NAMES.registry}`);
  const consumerEnvironment = need(
    datazone.environments[DEMO_NAMES.consumerEnvironment],
    `environment ${DEMO_NAMES.consumerEnvironment}`,
  );
  return {
    region: seeded.region,
    governanceAccount: datazone.account,
    producerAccount: cluster.account,
    consumerAccount: consumerEnvironment.account,
    domainId: datazone.domainId,
    producerProjectId: need(datazone.projects[DEMO_NAMES.producerProject], 'producer project'),
    consumerProjectId: need(datazone.projects[DEMO_NAMES.consumerProject], 'consumer project'),
    producerEnvironmentId: need(
      datazone.environments[DEMO_NAMES.producerEnvironment],
      `environment ${DEMO_NAMES.producerEnvironment}`,
    ).id,
    consumerEnvironmentId: consumerEnvironment.id,
    clusterArn: cluster.arn,
    registryName: DEMO_NAMES.registry,
    consumerRoleArn: need(seeded.roles[DEMO_NAMES.consumerRole], `role ${DEMO_NAMES.consumerRole}`),
  };
}

/**
 * The configuration file's content for the demo estate: the governance stack in the domain's account,
 * the cluster and registry of the producer account read through the environment stack's catalog read
 * role, grants in the producer and consumer accounts (reconciled through the environment stacks'
 * reconcile roles), no auto-publish (the producer publishes in the story).
 */
export function demoConfig(estate: DemoEstate): Record<string, unknown> {
  const role = (account: string, name: string) => `arn:aws:iam::${account}:role/${name}`;
  return {
    region: estate.region,
    domainId: estate.domainId,
    deployment: { governanceAccount: estate.governanceAccount, logRetentionDays: 7 },
    catalog: {
      owningProjectId: estate.producerProjectId,
      sources: [
        {
          clusterArn: estate.clusterArn,
          registryName: estate.registryName,
          readRoleArn: role(estate.producerAccount, DEMO_NAMES.catalogReadRole),
          mapping: 'auto',
        },
      ],
      autoPublish: false,
      dataZoneWriteRate: 100,
      schedule: 'rate(1 hour)',
    },
    grants: {
      environments: [estate.producerAccount, estate.consumerAccount].map((account) => ({
        account,
        reconcileRoleArn: role(account, GRANT_WORKFLOW_NAMES.reconcileRole),
      })),
      consumerGroups: { prefixPerEnvironment: true },
      reconcileSchedule: 'rate(1 day)',
      manageAccessRoleArn: role(estate.governanceAccount, GRANT_WORKFLOW_NAMES.centralRole),
    },
  };
}
