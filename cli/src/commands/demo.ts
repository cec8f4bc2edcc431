import { startLocalCloud } from '../../../local/src/index.ts';

/**
 * `npm start`: starts the local cloud with the demo estate and prints how to reach it; serves until
 * SIGINT/SIGTERM.
 */
export async function runDemo(): Promise<number> {
  const local = await startLocalCloud({ seed: 'demo' });
  const seeded = local.seeded;
  const out = (line = '') => process.stdout.write(`${line}\n`);
  out(`ready ${local.url}`);
  out();
  out('streamgov local cloud is running with the demo estate:');
  if (seeded?.datazone) {
    out(`  DataZone domain   ${seeded.datazone.domainId} (account ${seeded.datazone.account})`);
    for (const [name, id] of Object.entries(seeded.datazone.projects))
      out(`  project           ${name}: ${id}`);
    for (const [name, env] of Object.entries(seeded.datazone.environments)) {
      out(`  environment       ${name}: ${env.id} (account ${env.account})`);
    }
  }
  for (const [name, cluster] of Object.entries(seeded?.clusters ?? {}))
    out(`  MSK cluster       ${name}: ${cluster.arn}`);
  for (const [name, registry] of Object.entries(seeded?.registries ?? {}))
    out(`  Glue registry     ${name}: ${registry.arn}`);
  for (const [name, arn] of Object.entries(seeded?.roles ?? {})) out(`  IAM role          ${name}: ${arn}`);
  out();
  out('Reach it with any AWS SDK or the AWS CLI:');
  out(
    `  export AWS_ENDPOINT_URL=${local.url} AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_REGION=${seeded?.region ?? 'eu-west-1'}`,
  );
  out(
    `  aws datazone list-domains            # plain keys act as the domain account ${seeded?.datazone?.account ?? ''}; see docs/local-cloud.md for the others`,
  );
  out(`  curl ${local.url}/_local/health`);
  out();
  out('Press Ctrl+C to stop.');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await local.close();
  return 0;
}
