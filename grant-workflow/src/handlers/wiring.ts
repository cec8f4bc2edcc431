import type { ClientFactory } from '../../../common/src/clients.ts';
import type { Log } from '../../../common/src/logger.ts';
import { IamRolePolicyStore } from '../adapters/iam-role-policy-store.ts';
import { MskClusterPolicyStore } from '../adapters/msk-cluster-policy-store.ts';
import { SsmGrantLedger } from '../adapters/ssm-grant-ledger.ts';
import type { EnvironmentSettings } from '../environment-config.ts';
import type { GrantPorts } from '../ports.ts';

/**
 * The ports of an environment account, from that account's clients: the SSM ledger, IAM roles
 * (consumer side) and MSK cluster policies (producer side). One account can be both.
 */
export function createGrantPorts(
  factory: ClientFactory,
  settings: EnvironmentSettings,
  log: Log,
): GrantPorts {
  return {
    ledger: new SsmGrantLedger({
      client: factory.ssm(),
      prefix: settings.ledgerPrefix,
      ...(settings.ledgerKmsKeyId ? { kmsKeyId: settings.ledgerKmsKeyId } : {}),
      log,
    }),
    roles: new IamRolePolicyStore({
      client: factory.iam(),
      managedPolicyPath: settings.grant.managedPolicyPath,
      log,
    }),
    clusters: new MskClusterPolicyStore({ client: factory.kafka(), log }),
  };
}
