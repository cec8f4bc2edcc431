import type { LineageEvent } from '../model.ts';
import { InFlight, type Transport } from '../transport.ts';

/** Options of {@link ConsoleTransport}. */
export interface ConsoleTransportOptions {
  /**
   * Where each event goes, as one line of JSON.
   * @default writes the line to standard output
   */
  readonly write?: (line: string) => void;
}

/** A transport that writes each event as one JSON line (for local runs and debugging). */
export class ConsoleTransport implements Transport {
  private readonly write: (line: string) => void;
  private readonly inFlight = new InFlight('console');

  constructor(options: ConsoleTransportOptions = {}) {
    this.write = options.write ?? ((line) => process.stdout.write(`${line}\n`));
  }

  /** @throws LineageTransportError after close. */
  emit(event: LineageEvent): Promise<void> {
    return this.inFlight.run(async () => this.write(JSON.stringify(event)));
  }

  close(timeoutMs?: number): Promise<void> {
    return this.inFlight.close(timeoutMs);
  }
}
