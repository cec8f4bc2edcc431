/** A fault to inject into an in-memory port: which error, how often, for which calls. */
export interface FaultRule {
  /** The error to throw (a function builds a fresh one per call). */
  readonly error: Error | (() => Error);
  /**
   * How many matching calls fail.
   * @default every matching call
   */
  readonly times?: number;
  /**
   * Which calls fail, by their arguments.
   * @default every call
   */
  readonly when?: (args: readonly unknown[]) => boolean;
}

/** Call counting and failure injection for the in-memory ports, per method. */
export class Faults<M extends string> {
  private readonly rules = new Map<M, { rule: FaultRule; left: number }[]>();
  /** Calls per method, failed ones included. */
  readonly calls: Partial<Record<M, number>> = {};

  /** Makes matching calls of `method` throw. */
  inject(method: M, rule: FaultRule): this {
    const list = this.rules.get(method) ?? [];
    list.push({ rule, left: rule.times ?? Number.POSITIVE_INFINITY });
    this.rules.set(method, list);
    return this;
  }

  /** Removes every injected fault (call counts stay). */
  clear(): void {
    this.rules.clear();
  }

  /** Calls of `method` so far. */
  count(method: M): number {
    return this.calls[method] ?? 0;
  }

  /** Counts a call of `method` and throws when a fault matches it. */
  check(method: M, args: readonly unknown[]): void {
    this.calls[method] = (this.calls[method] ?? 0) + 1;
    for (const entry of this.rules.get(method) ?? []) {
      if (entry.left <= 0) continue;
      if (entry.rule.when && !entry.rule.when(args)) continue;
      entry.left -= 1;
      const { error } = entry.rule;
      throw typeof error === 'function' ? error() : error;
    }
  }
}
