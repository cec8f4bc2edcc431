import type { LineageEvent } from '../model.ts';
import { InFlight, type Transport } from '../transport.ts';

/** A transport that records the events it is given, for tests. */
export class InMemoryTransport implements Transport {
  /** The emitted events, in order (copies, so later changes by the caller do not show). */
  readonly events: LineageEvent[] = [];
  private readonly inFlight = new InFlight('in-memory');

  /** @throws LineageTransportError after close. */
  emit(event: LineageEvent): Promise<void> {
    return this.inFlight.run(async () => {
      this.events.push(structuredClone(event));
    });
  }

  close(timeoutMs?: number): Promise<void> {
    return this.inFlight.close(timeoutMs);
  }
}
