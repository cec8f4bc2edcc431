import { ArnFormat, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** `arn:<partition>:datazone:<region>:<account>:domain/<domainId>` in the stack's account and Region. */
export function dataZoneDomainArn(scope: IConstruct, domainId: string): string {
  return Stack.of(scope).formatArn({ service: 'datazone', resource: 'domain', resourceName: domainId });
}

/** `arn:<partition>:glue:<region>:<account>:registry/<registryName>`. */
export function glueRegistryArn(scope: IConstruct, registryName: string): string {
  return Stack.of(scope).formatArn({ service: 'glue', resource: 'registry', resourceName: registryName });
}

/** `arn:<partition>:glue:<region>:<account>:schema/<registryName>/<suffix>` (suffix `*` or empty). */
export function glueSchemaArn(scope: IConstruct, registryName: string, suffix: string): string {
  return Stack.of(scope).formatArn({
    service: 'glue',
    resource: 'schema',
    resourceName: `${registryName}/${suffix}`,
  });
}

/** `arn:<partition>:kafka:<region>:<account>:<resource>/<name>` for MSK clusters and topics. */
export function mskArn(scope: IConstruct, resource: 'cluster' | 'topic', resourceName: string): string {
  return Stack.of(scope).formatArn({ service: 'kafka', resource, resourceName });
}

/** `arn:<partition>:ssm:<region>:<account>:parameter<path>` for an absolute parameter path. */
export function ssmParameterArn(scope: IConstruct, path: string): string {
  return Stack.of(scope).formatArn({
    service: 'ssm',
    resource: `parameter${path}`,
    arnFormat: ArnFormat.NO_RESOURCE_NAME,
  });
}
