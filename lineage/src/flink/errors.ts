/**
 * Errors of the Flink lifecycle emitter. Their names are API: the function throws them, and they reach
 * the dead-letter queue (with the event) after Lambda's retries.
 *
 * @module
 */
import type { ErrorContext } from '../../../common/src/errors.ts';
import { LineageError } from '../errors.ts';

/** An EventBridge event that should be a Managed Service for Apache Flink CloudTrail record is malformed. */
export class MalformedFlinkEventError extends LineageError {
  override readonly name: string = 'MalformedFlinkEventError';
  constructor(
    readonly field: string,
    value: unknown,
    reason: string,
  ) {
    super(`Malformed Flink lifecycle event: ${field} ${describe(value)} ${reason}`, { context: { field } });
  }
}

/**
 * An application's runtime property groups break the lineage convention (docs/lineage-flink.md). Names
 * the application, the property group and the key, so the team that owns the application can fix it.
 */
export class FlinkLineageConventionError extends LineageError {
  override readonly name: string = 'FlinkLineageConventionError';
  constructor(
    readonly applicationName: string,
    readonly propertyGroupId: string,
    readonly key: string,
    reason: string,
    context: ErrorContext = {},
  ) {
    super(
      `Flink application ${applicationName}: property group "${propertyGroupId}" key "${key}" ${reason}`,
      { context: { ...context, applicationName, propertyGroupId, key } },
    );
  }
}

/** DescribeApplication answered without a member the emitter needs. */
export class IncompleteApplicationError extends LineageError {
  override readonly name: string = 'IncompleteApplicationError';
}

function describe(value: unknown): string {
  if (value === undefined) return '(missing)';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
