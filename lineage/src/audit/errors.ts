import { LineageError } from '../errors.ts';

/** What the audit view was asked for: a topic (`CLUSTER/TOPIC`), an asset id, or a lineage node. */
export type LineageTargetKind = 'topic' | 'asset' | 'cluster' | 'lineage node';

/**
 * The topic, asset, cluster or lineage node the audit view was asked for does not exist (or has no
 * lineage yet). The message names the value and, where it helps, what to check.
 */
export class LineageTargetNotFoundError extends LineageError {
  override readonly name: string = 'LineageTargetNotFoundError';
  constructor(
    readonly kind: LineageTargetKind,
    readonly value: string,
    reason: string,
    options: { cause?: unknown } = {},
  ) {
    super(`${kind} ${JSON.stringify(value)} ${reason}`, {
      ...(options.cause === undefined ? {} : { cause: options.cause }),
      context: { kind, value },
    });
  }
}
