import { describe, expect, it } from 'vitest';
import { DemoStepError } from '../../../../cli/src/demo/errors.ts';
import { createPrinter, memoryPrinter } from '../../../../cli/src/demo/printer.ts';
import { formatDuration, renderSummary, StepRunner } from '../../../../cli/src/demo/steps.ts';

function clock(...times: number[]): () => number {
  return () => times.shift() ?? 0;
}

describe('StepRunner', () => {
  it('prints each step with its number and duration and records the outcome', async () => {
    // Prepare
    const printer = memoryPrinter();
    const runner = new StepRunner(printer, clock(0, 1500));
    // Act
    const result = await runner.step('sync', async () => 42);
    // Assess
    expect(result).toBe(42);
    expect(printer.lines).toEqual(['', '1. sync', '   ✓ sync (1.5 s)']);
    expect(runner.outcomes).toEqual([{ title: 'sync', ok: true, durationMs: 1500 }]);
  });

  it('throws DemoStepError naming the failed step, with the cause', async () => {
    // Prepare
    const printer = memoryPrinter();
    const runner = new StepRunner(printer, clock(0, 20));
    const cause = new TypeError('boom');
    // Act
    const error = await runner.step('grant', () => Promise.reject(cause)).catch((e: unknown) => e);
    // Assess
    expect(error).toBeInstanceOf(DemoStepError);
    expect((error as DemoStepError).step).toBe('grant');
    expect((error as DemoStepError).cause).toBe(cause);
    expect(runner.outcomes).toEqual([
      { title: 'grant', ok: false, durationMs: 20, error: 'TypeError: boom' },
    ]);
    expect(printer.lines.at(-1)).toBe('   ✗ grant failed after 20 ms: TypeError: boom');
  });
});

describe('renderSummary', () => {
  it('lists every step with ✓ or ✗ and its duration, then the total', () => {
    // Act
    const lines = renderSummary(
      [
        { title: 'deploy', ok: true, durationMs: 30_000 },
        { title: 'sync', ok: false, durationMs: 900, error: 'x' },
      ],
      31_000,
    );
    // Assess
    expect(lines).toEqual(['✓  1. deploy    30.0 s', '✗  2. sync      900 ms', '     total     31.0 s']);
  });
});

describe('formatDuration', () => {
  it('shows milliseconds below a second and seconds with one decimal above', () => {
    expect([formatDuration(999), formatDuration(1000), formatDuration(61_234)]).toEqual([
      '999 ms',
      '1.0 s',
      '61.2 s',
    ]);
  });
});

describe('createPrinter', () => {
  it('rewrites progress in place on a terminal and clears it before the next line', () => {
    // Prepare
    const out: string[] = [];
    const printer = createPrinter({ write: (t) => out.push(t), tty: true });
    // Act
    printer.progress('a');
    printer.progress('a');
    printer.progress('b');
    printer.line('done');
    // Assess
    expect(out).toEqual(['\r\u001b[2K    … a', '\r\u001b[2K    … b', '\r\u001b[2K', 'done\n']);
  });

  it('prints each new progress text on its own line without a terminal and indents details', () => {
    // Prepare
    const out: string[] = [];
    const printer = createPrinter({ write: (t) => out.push(t) });
    // Act
    printer.progress('a');
    printer.detail('x\ny');
    // Assess
    expect(out).toEqual(['    … a\n', '    x\n    y\n']);
  });
});
