import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../common/src/errors.ts';
import { planApp } from '../../../infra/lib/stacks/app-plan.ts';
import { exampleConfig } from './support.ts';

const PRODUCER_CLUSTER =
  'arn:aws:kafka:eu-west-1:222222222222:cluster/streaming-orders/11111111-2222-3333-4444-555555555555-1';

describe('planApp', () => {
  it('plans the example: a producer with its source, read role and both forwardings, a consumer with Flink forwarding', () => {
    // Act
    const plan = planApp(exampleConfig());

    // Assess
    expect(plan.deployment.governanceAccount).toBe('111111111111');
    expect(plan.forwardingAccounts).toEqual(['222222222222', '333333333333']);
    expect(plan.environments.map(({ catalogReadRoles, ...rest }) => rest)).toEqual([
      {
        account: '222222222222',
        region: 'eu-west-1',
        grants: true,
        clusterArns: [PRODUCER_CLUSTER],
        forwardSchemaEvents: true,
        forwardFlinkEvents: true,
      },
      {
        account: '333333333333',
        region: 'eu-west-1',
        grants: true,
        clusterArns: [],
        forwardSchemaEvents: false,
        forwardFlinkEvents: true,
      },
    ]);
    expect(plan.environments[0]?.catalogReadRoles.map((r) => [r.roleName, r.path, r.sources.length])).toEqual(
      [['streamgov-catalog-read', '/', 1]],
    );
  });

  it('forwards nothing from the governance account when it is also an environment', () => {
    // Act
    const plan = planApp(
      exampleConfig((json) => {
        const grants = json.grants as { environments: unknown[] };
        grants.environments.push({
          account: '111111111111',
          reconcileRoleArn: 'arn:aws:iam::111111111111:role/streamgov-grant-reconcile',
        });
      }),
    );

    // Assess
    const governance = plan.environments.find((e) => e.account === '111111111111');
    expect(governance).toMatchObject({ grants: true, forwardSchemaEvents: false, forwardFlinkEvents: false });
    expect(plan.forwardingAccounts).not.toContain('111111111111');
  });

  it('plans an environment stack without grants for a source account outside grants.environments', () => {
    // Act
    const plan = planApp(
      exampleConfig((json) => {
        delete json.grants;
      }),
    );

    // Assess
    expect(plan.environments).toEqual([
      expect.objectContaining({
        account: '222222222222',
        grants: false,
        forwardSchemaEvents: true,
        forwardFlinkEvents: false,
      }),
    ]);
    expect(plan.forwardingAccounts).toEqual(['222222222222']);
  });

  it('takes the configured clusters of an environment over the sources clusters', () => {
    // Prepare
    const configured = 'arn:aws:kafka:eu-west-1:222222222222:cluster/payments/abcd-1';

    // Act
    const plan = planApp(
      exampleConfig((json) => {
        const grants = json.grants as { environments: Array<Record<string, unknown>> };
        Object.assign(grants.environments[0] ?? {}, { clusterArns: [configured] });
      }),
    );

    // Assess
    expect(plan.environments[0]?.clusterArns).toEqual([configured]);
  });

  it('throws ConfigError listing every environment ARN that differs from the stacks', () => {
    // Act
    let error: unknown;
    try {
      planApp(
        exampleConfig((json) => {
          const grants = json.grants as { environments: Array<Record<string, unknown>> };
          Object.assign(grants.environments[0] ?? {}, {
            invokeRoleArn: 'arn:aws:iam::222222222222:role/other',
            stateMachineArn: 'arn:aws:states:eu-west-1:222222222222:stateMachine:streamgov-grant-environment',
          });
        }),
      );
    } catch (caught) {
      error = caught;
    }

    // Assess
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'grants.environments[0].invokeRoleArn "arn:aws:iam::222222222222:role/other" differs from what the environment stack creates (arn:aws:iam::222222222222:role/streamgov-grant-invoke): remove it or set it to that value',
    ]);
  });
});
