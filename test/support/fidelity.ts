import { afterAll } from 'vitest';
import type { ClientFactory, Credentials } from '../../common/src/clients.ts';
import type { ServiceDefinition } from '../../local/src/cloud/types.ts';
import { startTestCloud } from './local-cloud.ts';
import { motoClients, startMoto } from './moto.ts';

/** One implementation a fidelity contract runs against: the local cloud or moto. */
export interface FidelityTarget {
  readonly name: 'local cloud' | 'moto';
  /** True only when moto is not installed outside CI (startMoto throws under CI=true). */
  readonly skip: boolean;
  start(): Promise<{ clients: (credentials?: Credentials) => ClientFactory; close(): Promise<void> }>;
}

/**
 * The local cloud (with `services`) and moto as targets of the same contract tests; moto is started once
 * per file, reset before each target start, and closed after the file. A missing moto outside CI is
 * reported with `label` and skips only the moto target.
 */
export async function fidelityTargets(
  label: string,
  // biome-ignore lint/suspicious/noExplicitAny: services have different state types.
  services: readonly ServiceDefinition<any>[],
): Promise<readonly FidelityTarget[]> {
  const moto = await startMoto();
  if ('skipped' in moto) console.warn(`${label} fidelity tests against moto skipped: ${moto.skipped}`);
  else afterAll(() => moto.close());
  return [
    {
      name: 'local cloud',
      skip: false,
      start: async () => {
        const cloud = await startTestCloud({ services });
        return {
          clients: (credentials) => cloud.clients(credentials ? { credentials } : {}),
          close: () => cloud.close(),
        };
      },
    },
    {
      name: 'moto',
      skip: 'skipped' in moto,
      start: async () => {
        if ('skipped' in moto) throw new Error(moto.skipped);
        await moto.reset();
        return {
          clients: (credentials) => motoClients(moto.endpoint, credentials),
          close: async () => undefined,
        };
      },
    },
  ];
}

/** The error a promise rejects with; fails the test when it resolves. */
export async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}
