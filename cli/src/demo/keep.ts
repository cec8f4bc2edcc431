/**
 * What `streamgov demo --keep` prints once the story ran: how to reach the local cloud and the
 * deployment from the AWS CLI, any SDK and the `streamgov` commands. Pure.
 *
 * @module
 */
import type { LocalDeployment } from '../../../local/src/index.ts';
import { DEMO_CREDENTIALS, localAdminRoleArn } from './accounts.ts';
import { CATALOG_SYNC_FUNCTION } from './catalog.ts';
import { localCloudVariables } from './config.ts';
import { deployedFunction } from './context.ts';
import type { DemoEstate } from './demo-config.ts';

/** What the instructions are about. */
export interface KeepInput {
  readonly url: string;
  readonly estate: DemoEstate;
  readonly deployment: LocalDeployment;
  readonly configFile: string;
  readonly cdkOut: string;
}

/** The lines printed after the summary with `--keep`. */
export function keepInstructions(input: KeepInput): string[] {
  const { url, estate, deployment, configFile } = input;
  const variables = localCloudVariables(url, estate.region, DEMO_CREDENTIALS);
  const sync = deployedFunction(deployment, estate.governanceAccount, CATALOG_SYNC_FUNCTION);
  const urls = deployment.stacks.flatMap((s) =>
    Object.values(s.urls).map((u) => `${u.url} (${u.authType}, ${u.functionArn.split(':').pop()})`),
  );
  const machines = deployment.stacks
    .filter((s) => s.account === estate.governanceAccount)
    .flatMap((s) => Object.values(s.stateMachines).map((m) => m.arn));
  return [
    'The local cloud and the deployed app keep running. Use them from a shell with the AWS CLI, any AWS SDK',
    'or the streamgov commands:',
    '',
    `  export ${Object.entries(variables)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}`,
    '',
    `Plain keys (any access key) act as the governance account ${estate.governanceAccount}, where the DataZone`,
    `domain ${estate.domainId} and the governance stack live. The producer ${estate.producerAccount} and the consumer`,
    `${estate.consumerAccount} are reached by assuming their local-admin role:`,
    '',
    `  aws sts assume-role --role-arn ${localAdminRoleArn(estate.producerAccount)} --role-session-name me`,
    '  # then export the returned AccessKeyId, SecretAccessKey and SessionToken as AWS_ACCESS_KEY_ID, …',
    `  # or, in ~/.aws/config: [profile producer] role_arn = ${localAdminRoleArn(estate.producerAccount)}`,
    '  #                       credential_source = Environment',
    '',
    'Examples:',
    `  aws datazone search --domain-identifier ${estate.domainId} --search-scope ASSET`,
    ...(sync ? [`  aws lambda invoke --function-name ${sync.name} --payload '{}' /dev/stdout`] : []),
    ...machines.slice(0, 1).map((arn) => `  aws stepfunctions list-executions --state-machine-arn ${arn}`),
    `  aws kafka get-cluster-policy --cluster-arn ${estate.clusterArn} --profile producer`,
    `  aws glue list-schema-versions --schema-id RegistryName=${estate.registryName},SchemaName=orders-value --profile producer`,
    `  npx streamgov sync --config ${configFile} --dry-run`,
    `  npx streamgov lineage --config ${configFile} --topic ${estate.clusterArn.split('/')[1]}/orders`,
    `  npx streamgov reconcile --config ${configFile}`,
    `  curl ${url}/_local/health`,
    '',
    ...(urls.length > 0
      ? ['Function URLs (sign AWS_IAM ones with SigV4, service lambda):', ...urls.map((u) => `  ${u}`), '']
      : []),
    `Configuration: ${configFile}`,
    `Cloud assembly: ${input.cdkOut}`,
    'Press Ctrl+C to stop.',
  ];
}
