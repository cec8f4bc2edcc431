import { parseArgs } from 'node:util';
import {
  deployCloudAssembly,
  describeDeployment,
  type LocalDeployment,
  startLocalCloud,
} from '../../../local/src/index.ts';
import { UsageError } from '../usage.ts';

export const LOCAL_USAGE =
  'streamgov local [--port N] [--seed demo|FILE] [--state-file FILE] [--deploy [--cdk-out DIR]]';

/** Where `cdk synth` writes the app by default (infra/cdk.json `output`). */
const DEFAULT_CDK_OUT = 'infra/cdk.out';

/**
 * Starts the local cloud and serves until SIGINT/SIGTERM; prints `ready <url>` once it accepts requests.
 * With `--deploy`, first deploys the synthesized app of `--cdk-out` on it and prints (on stderr) what
 * was deployed and every resource it could not map, by name; exits with 1 when a resource failed.
 */
export async function runLocal(args: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      port: { type: 'string' },
      seed: { type: 'string' },
      'state-file': { type: 'string' },
      deploy: { type: 'boolean' },
      'cdk-out': { type: 'string' },
    },
    strict: true,
  });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port must be an integer between 0 and 65535, got "${values.port}"`, LOCAL_USAGE);
  }
  if (values['cdk-out'] !== undefined && !values.deploy) {
    throw new UsageError('--cdk-out needs --deploy', LOCAL_USAGE);
  }
  // Listening before anything starts: a signal that comes as soon as `ready` is printed still stops cleanly.
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  const local = await startLocalCloud({
    port,
    ...(values.seed ? { seed: values.seed } : {}),
    ...(values['state-file'] ? { stateFile: values['state-file'] } : {}),
  });
  if (local.seeded) process.stderr.write(`${JSON.stringify({ seeded: local.seeded })}\n`);
  let deployment: LocalDeployment | undefined;
  if (values.deploy) {
    try {
      deployment = await deployCloudAssembly(local.cloud, {
        cdkOut: values['cdk-out'] ?? DEFAULT_CDK_OUT,
        url: local.url,
        onFunctionError: (name, error, logs) =>
          process.stderr.write(
            `function ${name} failed: ${error.name}: ${error.message}\n${logs
              .slice(-20)
              .map((l) => `  | ${l}`)
              .join('\n')}\n`,
          ),
      });
    } catch (error) {
      await local.close();
      throw error;
    }
    process.stderr.write(`${describeDeployment(deployment).join('\n')}\n`);
    if (deployment.failed.length > 0) {
      await deployment.close();
      await local.close();
      return 1;
    }
  }
  process.stdout.write(`ready ${local.url}\n`);
  await stopped;
  await deployment?.close();
  await local.close();
  return 0;
}
