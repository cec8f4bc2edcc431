import { isJsonObject } from '../../../../../common/src/json.ts';
import { validationError } from '../errors.ts';

/** The largest event PostLineageEvent accepts (shape LineageEvent, max 300,000 bytes). */
export const MAX_EVENT_BYTES = 300_000;

const RUN_STATES = ['START', 'RUNNING', 'COMPLETE', 'ABORT', 'FAIL', 'OTHER'];

/** An OpenLineage job or dataset name. */
export interface DatasetName {
  readonly namespace: string;
  readonly name: string;
}

/** The parts of an OpenLineage RunEvent that DataZone turns into lineage nodes. */
export interface RunEvent {
  /** ISO-8601, normalised. */
  readonly eventTime: string;
  readonly eventType?: string;
  readonly runId: string;
  readonly job: DatasetName;
  readonly inputs: DatasetName[];
  readonly outputs: DatasetName[];
}

function invalid(reason: string): Error {
  return validationError(`Invalid lineage event: ${reason}`);
}

function nonEmpty(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalid(`${field} is required.`);
  return value;
}

function datasets(value: unknown, field: string): DatasetName[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid(`${field} must be a list.`);
  return value.map((item: unknown, i) => {
    if (!isJsonObject(item)) throw invalid(`${field}[${i}] must be an object.`);
    return {
      namespace: nonEmpty(item.namespace, `${field}[${i}].namespace`),
      name: nonEmpty(item.name, `${field}[${i}].name`),
    };
  });
}

/**
 * Parses the bytes of a PostLineageEvent. Only OpenLineage RunEvents are accepted (a DatasetEvent or a
 * JobEvent is a ValidationException), with `eventTime`, `run.runId`, `job.namespace` and `job.name`.
 * @throws ValidationException naming what is wrong.
 */
export function parseRunEvent(bytes: Uint8Array): RunEvent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw invalid('the event is not valid UTF-8 JSON.');
  }
  if (!isJsonObject(parsed)) throw invalid('the event must be a JSON object.');
  if (parsed.dataset !== undefined || !isJsonObject(parsed.run)) {
    throw invalid('only OpenLineage run events are supported.');
  }
  const eventTime = nonEmpty(parsed.eventTime, 'eventTime');
  const time = new Date(eventTime);
  if (Number.isNaN(time.getTime())) throw invalid(`eventTime ${eventTime} is not a date-time.`);
  const eventType = parsed.eventType;
  if (eventType !== undefined && (typeof eventType !== 'string' || !RUN_STATES.includes(eventType))) {
    throw invalid(`eventType must be one of ${RUN_STATES.join(', ')}.`);
  }
  if (!isJsonObject(parsed.job)) throw invalid('job is required.');
  return {
    eventTime: time.toISOString(),
    ...(eventType === undefined ? {} : { eventType }),
    runId: nonEmpty(parsed.run.runId, 'run.runId'),
    job: {
      namespace: nonEmpty(parsed.job.namespace, 'job.namespace'),
      name: nonEmpty(parsed.job.name, 'job.name'),
    },
    inputs: datasets(parsed.inputs, 'inputs'),
    outputs: datasets(parsed.outputs, 'outputs'),
  };
}

/** A job node's sourceIdentifier: `<job.namespace>.<job.name>`. */
export function jobSourceIdentifier(job: DatasetName): string {
  return `${job.namespace}.${job.name}`;
}

/** A job run node's sourceIdentifier: `<job.namespace>.<job.name>/<runId>`. */
export function runSourceIdentifier(job: DatasetName, runId: string): string {
  return `${jobSourceIdentifier(job)}/${runId}`;
}

/**
 * A dataset node's sourceIdentifier. AWS resources are named by ARN: a dataset whose name is an ARN
 * keeps it, and a Glue dataset (namespace `arn:aws:glue:<region>:<account>`, name `table/<db>/<table>`)
 * becomes `<namespace>:<name>`. Everything else is `<namespace>/<name>` (for Kafka,
 * `kafka://<host>:<port>/<topic>`).
 */
export function datasetSourceIdentifier(dataset: DatasetName): string {
  if (dataset.name.startsWith('arn:')) return dataset.name;
  if (dataset.namespace.startsWith('arn:')) return `${dataset.namespace}:${dataset.name}`;
  return `${dataset.namespace}/${dataset.name}`;
}
