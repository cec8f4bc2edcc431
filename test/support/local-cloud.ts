import { ClientFactory, type Credentials } from '../../common/src/clients.ts';
import { LocalCloud, type LocalCloudOptions } from '../../local/src/cloud/cloud.ts';
import type { ServiceDefinition } from '../../local/src/cloud/types.ts';
import { startServer } from '../../local/src/server.ts';
import { ALL_SERVICES } from '../../local/src/services/index.ts';

export const TEST_REGION = 'eu-west-1';
export const TEST_CREDENTIALS: Credentials = {
  accessKeyId: 'AKIDLOCALTEST',
  secretAccessKey: 'local-secret',
};

export interface TestCloud {
  readonly endpoint: string;
  readonly cloud: LocalCloud;
  /** A client factory pointed at the local cloud: maxAttempts 1, dummy (or given) credentials. */
  clients(options?: { credentials?: Credentials; region?: string }): ClientFactory;
  close(): Promise<void>;
}

/** Starts a local cloud with its HTTP server on a free 127.0.0.1 port, for tests through the real SDK. */
export async function startTestCloud(
  options: {
    // biome-ignore lint/suspicious/noExplicitAny: services have different state types.
    services?: readonly ServiceDefinition<any>[];
    defaultAccount?: string;
  } & Omit<LocalCloudOptions, 'services' | 'defaultAccount'> = {},
): Promise<TestCloud> {
  const cloud = new LocalCloud({
    ...options,
    services: options.services ?? ALL_SERVICES,
    defaultAccount: options.defaultAccount ?? '111111111111',
  });
  const server = await startServer(cloud);
  return {
    endpoint: server.url,
    cloud,
    clients: ({ credentials = TEST_CREDENTIALS, region = TEST_REGION } = {}) =>
      new ClientFactory({ region, endpoint: server.url, maxAttempts: 1, credentials }),
    close: async () => {
      await cloud.settle();
      await server.close();
    },
  };
}
