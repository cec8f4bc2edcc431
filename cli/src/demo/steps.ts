/**
 * The demo's steps: each runs with its title printed, its duration measured, and its outcome recorded;
 * the first failure stops the story with a {@link DemoStepError} naming the step.
 *
 * @module
 */
import { DemoStepError } from './errors.ts';
import type { Printer } from './printer.ts';

/** How one step ended. */
export interface StepOutcome {
  readonly title: string;
  readonly ok: boolean;
  readonly durationMs: number;
  /** Why it failed (`<ErrorName>: <message>`). */
  readonly error?: string;
}

/** Runs the steps of the story in order and records their outcomes. */
export class StepRunner {
  readonly outcomes: StepOutcome[] = [];

  constructor(
    private readonly printer: Printer,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /**
   * Runs one step.
   * @throws DemoStepError naming the step, with the step's error as `cause`.
   */
  async step<T>(title: string, run: () => Promise<T>): Promise<T> {
    const number = this.outcomes.length + 1;
    this.printer.line();
    this.printer.line(`${number}. ${title}`);
    const started = this.now();
    try {
      const result = await run();
      const durationMs = Math.round(this.now() - started);
      this.outcomes.push({ title, ok: true, durationMs });
      this.printer.line(`   ✓ ${title} (${formatDuration(durationMs)})`);
      return result;
    } catch (error) {
      const durationMs = Math.round(this.now() - started);
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      this.outcomes.push({ title, ok: false, durationMs, error: message });
      this.printer.line(`   ✗ ${title} failed after ${formatDuration(durationMs)}: ${message}`);
      throw new DemoStepError(title, error);
    }
  }
}

/** `850 ms`, `12.3 s`. */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** The summary table: one line per step with ✓ or ✗ and its duration, then the total. */
export function renderSummary(outcomes: readonly StepOutcome[], totalMs: number): string[] {
  const width = Math.max(...outcomes.map((o) => o.title.length), 5);
  return [
    ...outcomes.map(
      (o, i) =>
        `${o.ok ? '✓' : '✗'} ${String(i + 1).padStart(2)}. ${o.title.padEnd(width)}  ${formatDuration(o.durationMs).padStart(8)}`,
    ),
    `${' '.repeat(5)}${'total'.padEnd(width)}  ${formatDuration(totalMs).padStart(8)}`,
  ];
}
