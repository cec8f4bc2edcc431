import { type ErrorContext, StreamgovError } from '../../common/src/errors.ts';

/** Root of the lineage errors. */
export class LineageError extends StreamgovError {
  override readonly name: string = 'LineageError';
}

/** One problem found by schema validation: the JSON pointer of the offending value and what is wrong. */
export interface ValidationProblem {
  /** JSON pointer into the event (`/run/runId`); `/` for the event itself. */
  readonly path: string;
  readonly message: string;
}

/** How many problems an error message names before it says "and N more". */
const NAMED_PROBLEMS = 5;

/** `"/run/runId must match format \"uuid\""`. */
export function describeProblem(problem: ValidationProblem): string {
  return `${problem.path} ${problem.message}`;
}

/**
 * An event does not conform to the pinned OpenLineage schemas. The message names the first problems;
 * `problems` lists all of them. The event itself is never part of the message.
 */
export class LineageValidationError extends LineageError {
  override readonly name: string = 'LineageValidationError';
  constructor(
    readonly problems: readonly ValidationProblem[],
    context: ErrorContext = {},
  ) {
    const named = problems.slice(0, NAMED_PROBLEMS).map(describeProblem).join('; ');
    const more = problems.length > NAMED_PROBLEMS ? ` (and ${problems.length - NAMED_PROBLEMS} more)` : '';
    super(`Invalid OpenLineage event: ${named}${more}`, { context });
  }
}

/** A RunEvent stays above PostLineageEvent's size limit even after its bulky facets were dropped. */
export class LineageEventTooLargeError extends LineageError {
  override readonly name: string = 'LineageEventTooLargeError';
  constructor(
    readonly bytes: number,
    readonly limit: number,
    readonly job: string,
  ) {
    super(
      `The lineage event of job ${job} is ${bytes} bytes after dropping column lineage and schema facets; ` +
        `DataZone accepts at most ${limit} bytes`,
      { context: { job, bytes, limit } },
    );
  }
}

/**
 * A transport failed to deliver or to close. A composite transport aggregates the failures of its
 * members in `errors` (each with its own name and cause).
 */
export class LineageTransportError extends LineageError {
  override readonly name: string = 'LineageTransportError';
  readonly errors: readonly unknown[];
  constructor(
    message: string,
    options: { errors?: readonly unknown[]; cause?: unknown; context?: ErrorContext },
  ) {
    super(message, {
      cause: options.cause ?? options.errors?.[0],
      ...(options.context ? { context: options.context } : {}),
    });
    this.errors = options.errors ?? (options.cause === undefined ? [] : [options.cause]);
  }
}

/** A transport configuration names an unknown type or misses a member. */
export class LineageConfigError extends LineageError {
  override readonly name: string = 'LineageConfigError';
}
