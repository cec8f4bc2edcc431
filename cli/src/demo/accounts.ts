/**
 * Who the demo acts as on the local cloud: plain keys act as the domain (governance) account; the
 * producer and consumer accounts are reached by assuming their `local-admin` role, as any SDK would.
 *
 * @module
 */
import { assumeRoleCredentials } from '../../../common/src/assume-role.ts';
import { ClientFactory, type Credentials } from '../../../common/src/clients.ts';
import type { DemoEstate } from './demo-config.ts';

/** The plain keys of the demo (any keys work; these are printed by `--keep`). */
export const DEMO_CREDENTIALS: Credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** The role the demo world lets the governance account assume in the other accounts. */
export const LOCAL_ADMIN_ROLE = 'local-admin';

/** Client factories acting in each account of the demo estate. */
export interface DemoAccounts {
  /** The domain account (DataZone, the deployed governance stack). */
  readonly governance: ClientFactory;
  /** The producer account (cluster, registry), as `local-admin`. */
  readonly producer: ClientFactory;
  /** The consumer account (consumer roles, Flink applications), as `local-admin`. */
  readonly consumer: ClientFactory;
}

/** The ARN of `local-admin` in `account`. */
export function localAdminRoleArn(account: string): string {
  return `arn:aws:iam::${account}:role/${LOCAL_ADMIN_ROLE}`;
}

/** Client factories for the local cloud at `url`. */
export function demoAccounts(url: string, estate: DemoEstate): DemoAccounts {
  const governance = new ClientFactory({
    region: estate.region,
    endpoint: url,
    credentials: DEMO_CREDENTIALS,
  });
  const as = (account: string) =>
    governance.withCredentials(
      assumeRoleCredentials(governance.sts(), localAdminRoleArn(account), 'streamgov-demo'),
    );
  return { governance, producer: as(estate.producerAccount), consumer: as(estate.consumerAccount) };
}
