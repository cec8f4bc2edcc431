/**
 * Child-process entry of the demo's synthesis: `node --import tsx synth-entry.ts <config file> <cdk.out>`.
 * Synthesizes the app for the configuration file (as infra/bin/app.ts does) and prints the result as
 * one JSON line on stdout after the bundler's own output.
 *
 * @module
 */
import { loadStreamgovConfig } from '../../../infra/config/streamgov-config.ts';
import { SYNTH_RESULT_PREFIX, synthesizeApp } from './synthesize.ts';

const [configFile, cdkOut] = process.argv.slice(2);
if (!configFile || !cdkOut) {
  process.stderr.write('usage: synth-entry.ts <config file> <cdk.out directory>\n');
  process.exit(2);
}
const result = synthesizeApp(await loadStreamgovConfig(configFile), cdkOut);
process.stdout.write(`\n${SYNTH_RESULT_PREFIX}${JSON.stringify(result)}\n`);
