/**
 * Application metrics: a narrow port the use cases and handlers record through, its Powertools
 * adapter (CloudWatch embedded metric format on stdout, picked up from the function's log) and an
 * in-memory double for tests. Every streamgov function publishes under {@link METRICS_NAMESPACE} with
 * its `service` dimension; metric names are constants next to each flow, which infra imports for the
 * dashboard and alarms.
 *
 * @module
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

/** The CloudWatch namespace of every streamgov metric. */
export const METRICS_NAMESPACE = 'streamgov';

/** Powertools' dimension naming the function's flow (its `serviceName`). */
export const SERVICE_DIMENSION = 'service';

/** Dimensions of one data point besides `service`. */
export type MetricDimensions = Readonly<Record<string, string>>;

/** The units streamgov records. */
export type MetricUnitName = 'Count' | 'Milliseconds';

/** Records metrics of one invocation and publishes them. */
export interface MetricsRecorder {
  /**
   * Adds `value` to the count `name` (with `dimensions` it is a separate CloudWatch metric).
   * @param value - How many; 0 records a data point (so that graphs and alarms see the run).
   */
  count(name: string, value?: number, dimensions?: MetricDimensions): void;
  /** Records a duration. */
  milliseconds(name: string, value: number, dimensions?: MetricDimensions): void;
  /** Publishes what was recorded since the last flush (call it in `finally`); no-op when nothing was. */
  flush(): void;
}

/** One recorded data point (sums per name, unit and dimensions until a flush). */
export interface RecordedMetric {
  readonly name: string;
  readonly unit: MetricUnitName;
  readonly value: number;
  readonly dimensions: MetricDimensions;
}

/** Sums data points by name, unit and dimensions: the shared bookkeeping of the recorders below. */
class MetricBuffer {
  private readonly points = new Map<string, RecordedMetric>();

  add(name: string, unit: MetricUnitName, value: number, dimensions: MetricDimensions = {}): void {
    if (!Number.isFinite(value) || value < 0) {
      throw new RangeError(`Metric ${name}: value ${value} must be a finite number ≥ 0`);
    }
    const sorted = Object.fromEntries(Object.entries(dimensions).sort(([a], [b]) => a.localeCompare(b)));
    const key = JSON.stringify([name, unit, sorted]);
    const known = this.points.get(key);
    this.points.set(key, { name, unit, value: (known?.value ?? 0) + value, dimensions: sorted });
  }

  drain(): RecordedMetric[] {
    const all = [...this.points.values()];
    this.points.clear();
    return all;
  }
}

/** Options of {@link PowertoolsMetricsRecorder}. */
export interface PowertoolsMetricsOptions {
  /** The flow's `service` dimension (e.g. `lineage-ingest`). */
  readonly service: string;
  /** @default a Powertools Metrics of {@link METRICS_NAMESPACE} and `service` */
  readonly metrics?: Metrics;
}

/**
 * The recorder of a Lambda function: sums what the invocation records and, on flush, writes one EMF
 * line per dimension set through Powertools Metrics (dimensions: `service` plus the data point's own).
 *
 * @example
 * const metrics = new PowertoolsMetricsRecorder({ service: 'lineage-ingest' });
 * try { metrics.count('EventsPosted', 3); } finally { metrics.flush(); }
 */
export class PowertoolsMetricsRecorder implements MetricsRecorder {
  /** The Powertools instance it publishes through. */
  readonly metrics: Metrics;
  private readonly buffer = new MetricBuffer();

  constructor(options: PowertoolsMetricsOptions) {
    this.metrics =
      options.metrics ?? new Metrics({ namespace: METRICS_NAMESPACE, serviceName: options.service });
  }

  count(name: string, value = 1, dimensions?: MetricDimensions): void {
    this.buffer.add(name, 'Count', value, dimensions);
  }

  milliseconds(name: string, value: number, dimensions?: MetricDimensions): void {
    this.buffer.add(name, 'Milliseconds', value, dimensions);
  }

  flush(): void {
    const groups = new Map<string, RecordedMetric[]>();
    for (const point of this.buffer.drain()) {
      const key = JSON.stringify(point.dimensions);
      groups.set(key, [...(groups.get(key) ?? []), point]);
    }
    // One EMF document per dimension set: a document's dimensions apply to all its metrics.
    for (const points of groups.values()) {
      for (const [key, value] of Object.entries(points[0]?.dimensions ?? {})) {
        this.metrics.addDimension(key, value);
      }
      for (const point of points) {
        this.metrics.addMetric(point.name, MetricUnit[point.unit], point.value);
      }
      this.metrics.publishStoredMetrics();
    }
  }
}

/**
 * A recorder that keeps what was flushed in memory (tests). Points recorded but never flushed are not
 * in `flushed`: a test sees whether the handler flushed.
 */
export class InMemoryMetrics implements MetricsRecorder {
  private readonly buffer = new MetricBuffer();
  /** Every flushed data point, summed per flush. */
  readonly flushed: RecordedMetric[] = [];
  /** How many times flush was called. */
  flushes = 0;

  count(name: string, value = 1, dimensions?: MetricDimensions): void {
    this.buffer.add(name, 'Count', value, dimensions);
  }

  milliseconds(name: string, value: number, dimensions?: MetricDimensions): void {
    this.buffer.add(name, 'Milliseconds', value, dimensions);
  }

  flush(): void {
    this.flushes += 1;
    this.flushed.push(...this.buffer.drain());
  }

  /**
   * The flushed total of `name` with exactly these dimensions (0 when never recorded).
   * @param dimensions - The data point's own dimensions. @default none
   */
  total(name: string, dimensions: MetricDimensions = {}): number {
    const want = JSON.stringify(Object.entries(dimensions).sort(([a], [b]) => a.localeCompare(b)));
    return this.flushed
      .filter((p) => p.name === name && JSON.stringify(Object.entries(p.dimensions)) === want)
      .reduce((sum, p) => sum + p.value, 0);
  }

  /** Names of every flushed metric, sorted, without repeats. */
  names(): string[] {
    return [...new Set(this.flushed.map((p) => p.name))].sort();
  }
}

/** A recorder that records nothing (CLI runs, tests that do not look at metrics). */
export const noMetrics: MetricsRecorder = {
  count: () => undefined,
  milliseconds: () => undefined,
  flush: () => undefined,
};
