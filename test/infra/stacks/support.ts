/**
 * The app built in-process from infra/config/example.json (or a variant of it). Tests swap every handler
 * entry for the stub handler (see ../support.ts), so building all stacks bundles in milliseconds.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { App } from 'aws-cdk-lib';
import { parseStreamgovConfig, type StreamgovConfig } from '../../../infra/config/streamgov-config.ts';
import { addStreamgovStacks, type StreamgovStacks } from '../../../infra/lib/stacks/streamgov-app.ts';

/** The example configuration file, as JSON. */
export const EXAMPLE_CONFIG_PATH = new URL('../../../infra/config/example.json', import.meta.url).pathname;

/** The example configuration, parsed from the file (a fresh object per call). */
export function exampleJson(): Record<string, unknown> {
  return JSON.parse(readFileSync(EXAMPLE_CONFIG_PATH, 'utf8')) as Record<string, unknown>;
}

/** The validated example configuration; `edit` changes the JSON before validation. */
export function exampleConfig(edit: (json: Record<string, unknown>) => void = () => {}): StreamgovConfig {
  const json = exampleJson();
  edit(json);
  return parseStreamgovConfig(json);
}

/** A fresh app with the stacks of `config` (default: the example). */
export function buildApp(config: StreamgovConfig = exampleConfig()): StreamgovStacks & { app: App } {
  const app = new App();
  return { app, ...addStreamgovStacks(app, config) };
}

/** What asl-validator returns. */
interface AslValidation {
  readonly isValid: boolean;
  readonly errorsText: (separator?: string) => string;
}

/** asl-validator (CommonJS, no type declarations) with ARN and path checks. */
export const validateAsl = createRequire(import.meta.url)('asl-validator') as (
  definition: unknown,
  options?: { checkArn?: boolean; checkPaths?: boolean },
) => AslValidation;
