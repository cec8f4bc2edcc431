#!/usr/bin/env node
import { fileURLToPath } from 'node:url';
/**
 * The streamgov CDK app: `npx cdk synth` / `npx cdk deploy` from infra/ (docs/deploy.md). The
 * configuration file comes from `-c config=FILE`, else $STREAMGOV_CONFIG, else infra/config/example.json.
 */
import { App } from 'aws-cdk-lib';
import { appConfigPath, loadStreamgovConfig } from '../config/streamgov-config.ts';
import { addStreamgovStacks } from '../lib/stacks/streamgov-app.ts';

const app = new App();
const path = appConfigPath({
  context: app.node.tryGetContext('config'),
  fallback: fileURLToPath(new URL('../config/example.json', import.meta.url)),
  cwd: process.cwd(),
});
addStreamgovStacks(app, await loadStreamgovConfig(path));
app.synth();
