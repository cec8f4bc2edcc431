import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges one cdk-nag rule, or one finding of it (`Rule[finding]`), on `scope` and its children
 * only, with the reason a reviewer reads. Kept next to the cause, so every app that uses the construct
 * gets the same, narrow acknowledgement.
 */
export function acknowledgeFinding(
  scope: IConstruct,
  ruleId: string,
  finding: string | undefined,
  reason: string,
): void {
  Validations.of(scope).acknowledge({ id: finding === undefined ? ruleId : `${ruleId}[${finding}]`, reason });
}

/** cdk-nag's rendering of a resolved CloudFormation value in finding ids (`<AWS::Region>`, `<Id.Arn>`). */
function flatten(node: unknown): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/}/g, '>');
  if (typeof node === 'object' && node !== null) {
    const o = node as Record<string, unknown>;
    if (Array.isArray(o['Fn::Join'])) {
      const [delimiter, items] = o['Fn::Join'] as [string, unknown[]];
      return items.map(flatten).join(delimiter);
    }
    if (o['Fn::Sub'] !== undefined) return flatten(o['Fn::Sub']);
    if (Array.isArray(o['Fn::GetAtt'])) {
      const [resource, attribute] = o['Fn::GetAtt'] as [unknown, unknown];
      return `<${flatten(resource)}.${flatten(attribute)}>`;
    }
    if (o['Fn::ImportValue'] !== undefined) return flatten(o['Fn::ImportValue']);
    if (o.Ref !== undefined) return `<${flatten(o.Ref)}>`;
  }
  return JSON.stringify(node);
}

/** The finding id cdk-nag's AwsSolutions-IAM5 reports for `resource` (an ARN, possibly with tokens). */
export function resourceFinding(scope: IConstruct, resource: string): string {
  return `Resource::${flatten(Stack.of(scope).resolve(resource))}`;
}

/**
 * Acknowledges the two wildcard actions of `Key.grantEncryptDecrypt` (`kms:ReEncrypt*`,
 * `kms:GenerateDataKey*`) on `policy`: the grant is on one key, named by ARN; `why` says what it encrypts.
 */
export function acknowledgeKeyGrant(policy: IConstruct, why: string): void {
  for (const action of ['kms:ReEncrypt*', 'kms:GenerateDataKey*']) {
    acknowledgeFinding(
      policy,
      'AwsSolutions-IAM5',
      `Action::${action}`,
      `Key.grantEncryptDecrypt on one key: ${why}`,
    );
  }
}
