/** `streamgov local --deploy --cdk-out DIR`: deploys a synthesized app on start and reports what it could not map. */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../..', import.meta.url));
/** Only what the CLI needs: nothing of the test runner's environment reaches it. */
const CLEAN_ENV = { PATH: process.env.PATH ?? '', NODE_NO_WARNINGS: '1' };
let outdir: string;

beforeAll(async () => {
  outdir = await mkdtemp(join(tmpdir(), 'streamgov-cdk-out-'));
  const app = new App({ outdir });
  const stack = new Stack(app, 'CliApp', { env: { account: '111111111111', region: 'eu-west-1' } });
  const queue = new sqs.Queue(stack, 'Inbox');
  new events.Rule(stack, 'Nightly', {
    schedule: events.Schedule.expression('rate(1 day)'),
    targets: [new targets.SnsTopic(new sns.Topic(stack, 'Alerts')), new targets.SqsQueue(queue)],
  });
  app.synth();
});
afterAll(() => rm(outdir, { recursive: true, force: true }));

describe('streamgov local --deploy', () => {
  it('prints what it deployed and each unmapped item by name, then ready', async () => {
    // Act
    const child = spawn(
      process.execPath,
      ['cli/bin/streamgov.js', 'local', '--seed', 'demo', '--deploy', '--cdk-out', outdir],
      { cwd: ROOT, env: CLEAN_ENV, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    let stdout = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = /ready (http:\/\/\S+)/.exec(stdout);
        if (match?.[1]) resolve(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code} before ready: ${stderr}`)));
    });
    // 'close' comes once the output pipes are drained, not only the process gone.
    const closed = new Promise<string>((resolve) =>
      child.once('close', (code, signal) => resolve(`${code}/${signal}`)),
    );
    child.kill('SIGTERM');
    const code = await closed;

    // Assess
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(code, `${stdout}\n${stderr}`).toBe('0/null');
    expect(stderr).toContain('stack CliApp (111111111111/eu-west-1)');
    expect(stderr).toMatch(/queue +https:\/\/sqs\.eu-west-1\.amazonaws\.com\/111111111111\/CliApp-Inbox/);
    expect(stderr).toMatch(/rule +CliApp-Nightly[0-9A-F]+ \(rate\(1 day\)\) -> 0 target\(s\)/);
    expect(stderr).toMatch(
      /UNMAPPED CliApp\/Alerts[0-9A-F]+ \(AWS::SNS::Topic\): the local cloud has no AWS::SNS::Topic/,
    );
    expect(stderr).toMatch(
      /UNMAPPED CliApp\/Nightly[0-9A-F]+\/Target0 \(AWS::Events::Rule target\): target arn:aws:sns:/,
    );
    expect(stderr).toMatch(
      /UNMAPPED CliApp\/Nightly[0-9A-F]+\/Target1 \(AWS::Events::Rule target\): target arn:aws:sqs:.+ does not deliver to sqs targets/,
    );
  }, 60_000);

  it('refuses --cdk-out without --deploy', async () => {
    // Act
    const child = spawn(process.execPath, ['cli/bin/streamgov.js', 'local', '--cdk-out', outdir], {
      cwd: ROOT,
      env: CLEAN_ENV,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));

    // Assess
    expect(code).toBe(2);
    expect(stderr).toContain('--cdk-out needs --deploy');
  });
});
