/**
 * Builds a transport from typed configuration. An unknown `type` is an error, never a silent fallback.
 *
 * @module
 */
import type { DataZoneClient } from '@aws-sdk/client-datazone';
import type { Log } from '../../common/src/logger.ts';
import { LineageConfigError } from './errors.ts';
import type { Transport } from './transport.ts';
import { CompositeTransport } from './transports/composite.ts';
import { ConsoleTransport } from './transports/console.ts';
import { type DataZoneRetryOptions, DataZoneTransport } from './transports/datazone.ts';
import { InMemoryTransport } from './transports/in-memory.ts';

/** The transport types {@link createTransport} knows. */
export const TRANSPORT_TYPES = ['datazone', 'console', 'composite', 'in-memory'] as const;
export type TransportType = (typeof TRANSPORT_TYPES)[number];

/** Configuration of a DataZone transport. */
export interface DataZoneTransportConfig {
  readonly type: 'datazone';
  readonly domainId: string;
  readonly maxBytes?: number;
  readonly retry?: Omit<DataZoneRetryOptions, 'sleep' | 'random'>;
}

/** Configuration of a console transport. */
export interface ConsoleTransportConfig {
  readonly type: 'console';
}

/** Configuration of an in-memory transport (tests, dry runs). */
export interface InMemoryTransportConfig {
  readonly type: 'in-memory';
}

/** Configuration of a composite transport. */
export interface CompositeTransportConfig {
  readonly type: 'composite';
  readonly transports: readonly TransportConfig[];
  readonly continueOnFailure?: boolean;
}

/** A transport configuration, discriminated by `type`. */
export type TransportConfig =
  | DataZoneTransportConfig
  | ConsoleTransportConfig
  | InMemoryTransportConfig
  | CompositeTransportConfig;

/** What transports need besides their configuration. */
export interface TransportDependencies {
  readonly log: Log;
  /** The DataZone client, for `datazone` transports (from `ClientFactory.dataZone`). */
  readonly dataZone?: () => Pick<DataZoneClient, 'send'>;
  /** Line writer of `console` transports. @default standard output */
  readonly write?: (line: string) => void;
}

/**
 * Builds the transport a configuration describes.
 * @throws LineageConfigError for an unknown `type` (naming it and the known ones), a DataZone transport
 * without `domainId` or without a client, or a composite without members.
 * @example
 * const transport = createTransport({ type: 'datazone', domainId }, { log, dataZone: factory.dataZone });
 */
export function createTransport(config: TransportConfig, deps: TransportDependencies): Transport {
  switch (config.type) {
    case 'datazone': {
      if (typeof config.domainId !== 'string' || config.domainId === '') {
        throw new LineageConfigError('A datazone transport needs a domainId');
      }
      if (!deps.dataZone) throw new LineageConfigError('A datazone transport needs a DataZone client');
      return new DataZoneTransport({
        client: deps.dataZone(),
        domainId: config.domainId,
        log: deps.log,
        ...(config.maxBytes === undefined ? {} : { maxBytes: config.maxBytes }),
        ...(config.retry === undefined ? {} : { retry: config.retry }),
      });
    }
    case 'console':
      return new ConsoleTransport(deps.write ? { write: deps.write } : {});
    case 'in-memory':
      return new InMemoryTransport();
    case 'composite': {
      if (!Array.isArray(config.transports) || config.transports.length === 0) {
        throw new LineageConfigError('A composite transport needs at least one member transport');
      }
      return new CompositeTransport({
        transports: config.transports.map((member) => createTransport(member, deps)),
        continueOnFailure: config.continueOnFailure === true,
      });
    }
    default: {
      const type = (config as { type?: unknown }).type;
      throw new LineageConfigError(
        `Unknown lineage transport type ${JSON.stringify(type)}; expected one of ${TRANSPORT_TYPES.join(', ')}`,
        { context: { type: String(type) } },
      );
    }
  }
}
