/**
 * The demo's terminal output: lines, indented details, and a progress line that is rewritten in place
 * on a terminal (and printed only when it changes otherwise).
 *
 * @module
 */

/** Where the demo writes. */
export interface Printer {
  /** A line of its own. */
  line(text?: string): void;
  /** A detail line under the current step (indented). */
  detail(text: string): void;
  /** Progress of a long step; cleared by the next line. */
  progress(text: string): void;
}

/** Options of {@link createPrinter}. */
export interface PrinterOptions {
  readonly write: (text: string) => void;
  /** Rewrite progress in place (a terminal). @default false */
  readonly tty?: boolean;
}

/** A printer over `write`. */
export function createPrinter(options: PrinterOptions): Printer {
  const { write, tty = false } = options;
  let shown: string | undefined;
  const clear = () => {
    if (tty && shown !== undefined) write('\r\u001b[2K');
    shown = undefined;
  };
  return {
    line: (text = '') => {
      clear();
      write(`${text}\n`);
    },
    detail: (text) => {
      clear();
      write(`${text.replace(/^/gmu, '    ')}\n`);
    },
    progress: (text) => {
      if (text === shown) return;
      if (tty) write(`\r\u001b[2K    … ${text}`);
      else write(`    … ${text}\n`);
      shown = text;
    },
  };
}

/** A printer that keeps every line (tests, and the e2e story's transcript). */
export function memoryPrinter(): Printer & { readonly lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    line: (text = '') => lines.push(text),
    detail: (text) => lines.push(...text.split('\n').map((l) => `    ${l}`)),
    progress: (text) => lines.push(`    … ${text}`),
  };
}
