import { LineageTransportError } from '../errors.ts';
import type { LineageEvent } from '../model.ts';
import type { Transport } from '../transport.ts';

/** Options of {@link CompositeTransport}. */
export interface CompositeTransportOptions {
  readonly transports: readonly Transport[];
  /**
   * When true, every transport gets the event even if another fails; the failures are then thrown
   * together. When false, the first failure stops the emit.
   * @default false
   */
  readonly continueOnFailure?: boolean;
}

/** A transport that emits each event to several transports, in order. Failures are never swallowed. */
export class CompositeTransport implements Transport {
  private readonly transports: readonly Transport[];
  private readonly continueOnFailure: boolean;

  constructor(options: CompositeTransportOptions) {
    this.transports = options.transports;
    this.continueOnFailure = options.continueOnFailure ?? false;
  }

  /**
   * @throws LineageTransportError with the member failures in `errors` (just the first one unless
   * `continueOnFailure`).
   */
  async emit(event: LineageEvent): Promise<void> {
    const errors: unknown[] = [];
    for (const [index, transport] of this.transports.entries()) {
      try {
        await transport.emit(event);
      } catch (error) {
        errors.push(error);
        if (!this.continueOnFailure) {
          throw new LineageTransportError(`Transport ${index} of the composite failed: ${messageOf(error)}`, {
            errors,
          });
        }
      }
    }
    if (errors.length > 0) {
      throw new LineageTransportError(
        `${errors.length} of ${this.transports.length} transports failed: ${errors.map(messageOf).join('; ')}`,
        { errors },
      );
    }
  }

  /** Closes every member, even when one fails. @throws LineageTransportError aggregating the failures. */
  async close(timeoutMs?: number): Promise<void> {
    const results = await Promise.allSettled(this.transports.map((t) => t.close(timeoutMs)));
    const errors = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    if (errors.length > 0) {
      throw new LineageTransportError(
        `${errors.length} of ${this.transports.length} transports failed to close: ${errors.map(messageOf).join('; ')}`,
        { errors },
      );
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
