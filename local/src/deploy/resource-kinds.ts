/**
 * What the local deployment does with each CloudFormation resource type, the physical names it gives
 * resources, and the `Ref` / `Fn::GetAtt` values of resources it does not create (so that references to
 * them still resolve). Pure.
 */
import { createHash } from 'node:crypto';

/** Resource types the local deployment creates on the local cloud. */
export const MAPPED_TYPES = [
  'AWS::IAM::Role',
  'AWS::Lambda::Function',
  'AWS::Lambda::Url',
  'AWS::Events::Rule',
  'AWS::StepFunctions::StateMachine',
  'AWS::SQS::Queue',
  'AWS::SSM::Parameter',
  'AWS::DataZone::FormType',
] as const;

/** Resource types with no local behaviour to give, and why. */
export const NOT_NEEDED_LOCALLY: Readonly<Record<string, string>> = {
  'AWS::CDK::Metadata': 'CDK metadata only',
  'AWS::IAM::Policy': 'the local cloud does not enforce identity policies',
  'AWS::IAM::ManagedPolicy': 'the local cloud does not enforce identity policies',
  'AWS::KMS::Key': 'no KMS locally: nothing is encrypted at rest',
  'AWS::KMS::Alias': 'no KMS locally: nothing is encrypted at rest',
  'AWS::Logs::LogGroup': 'function logs are captured per function by the local deployment',
  'AWS::Logs::MetricFilter': 'no CloudWatch locally',
  'AWS::CloudWatch::Alarm': 'no CloudWatch locally',
  'AWS::CloudWatch::CompositeAlarm': 'no CloudWatch locally',
  'AWS::CloudWatch::Dashboard': 'no CloudWatch locally',
  'AWS::Lambda::Permission': 'the local cloud does not evaluate resource policies',
  'AWS::Lambda::EventInvokeConfig':
    'failed asynchronous invocations are kept in the local Lambda state (no retries, no destinations)',
  'AWS::Events::EventBusPolicy': 'the local cloud does not evaluate resource policies',
  'AWS::SQS::QueuePolicy': 'the local cloud does not evaluate resource policies',
  'AWS::SNS::TopicPolicy': 'the local cloud does not evaluate resource policies',
};

/** Whether a type is a custom resource (backed by a function through its ServiceToken). */
export function isCustomResource(type: string): boolean {
  return type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource';
}

/** How the local deployment treats a resource type. */
export type ResourceKind = 'mapped' | 'custom' | 'not-needed' | 'unmapped';

export function resourceKind(type: string): ResourceKind {
  if ((MAPPED_TYPES as readonly string[]).includes(type)) return 'mapped';
  if (isCustomResource(type)) return 'custom';
  if (type in NOT_NEEDED_LOCALLY) return 'not-needed';
  return 'unmapped';
}

/**
 * The physical name CloudFormation would generate for a resource without an explicit name, minus the
 * random suffix: `<stack>-<logicalId>`, shortened to `max` characters with a hash that keeps it unique.
 */
export function physicalName(stackName: string, logicalId: string, max: number): string {
  const name = `${stackName}-${logicalId}`.replace(/[^A-Za-z0-9_-]/gu, '-');
  if (name.length <= max) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, max - 9)}-${hash}`;
}

/** Where a resource lives. */
export interface Placement {
  readonly account: string;
  readonly region: string;
  readonly partition: string;
}

/** The `Ref` value and `Fn::GetAtt` attributes of a resource. */
export interface ResourceValues {
  readonly ref: string;
  readonly attributes: Readonly<Record<string, string>>;
}

/**
 * `Ref` and attributes of a resource the local deployment does not create, as AWS would name them
 * (`name` is the physical name), so that resources that refer to it can still be deployed.
 */
export function syntheticValues(type: string, name: string, where: Placement): ResourceValues {
  const { account, region, partition } = where;
  const arn = (service: string, resource: string) =>
    `arn:${partition}:${service}:${region}:${account}:${resource}`;
  const keyId = createHash('sha256').update(name).digest('hex');
  const uuid = `${keyId.slice(0, 8)}-${keyId.slice(8, 12)}-${keyId.slice(12, 16)}-${keyId.slice(16, 20)}-${keyId.slice(20, 32)}`;
  switch (type) {
    case 'AWS::KMS::Key':
      return { ref: uuid, attributes: { Arn: arn('kms', `key/${uuid}`), KeyId: uuid } };
    case 'AWS::KMS::Alias':
      return { ref: `alias/${name}`, attributes: {} };
    case 'AWS::Logs::LogGroup':
      return { ref: name, attributes: { Arn: arn('logs', `log-group:${name}:*`) } };
    case 'AWS::SNS::Topic':
      return { ref: arn('sns', name), attributes: { TopicArn: arn('sns', name), TopicName: name } };
    case 'AWS::SQS::Queue':
      return {
        ref: `https://sqs.${region}.amazonaws.com/${account}/${name}`,
        attributes: {
          Arn: arn('sqs', name),
          QueueName: name,
          QueueUrl: `https://sqs.${region}.amazonaws.com/${account}/${name}`,
        },
      };
    case 'AWS::IAM::ManagedPolicy':
      return { ref: `arn:${partition}:iam::${account}:policy/${name}`, attributes: {} };
    case 'AWS::CloudWatch::Alarm':
      return { ref: name, attributes: { Arn: arn('cloudwatch', `alarm:${name}`) } };
    default:
      return { ref: name, attributes: {} };
  }
}
