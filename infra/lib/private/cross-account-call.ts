import { Aws } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';

/** Props of {@link CrossAccountCall}. */
export interface CrossAccountCallProps extends sfn.TaskStateBaseProps {
  /** The integration after `arn:<partition>:states:::`, e.g. `states:startExecution.waitForTaskToken`. */
  readonly integration: string;
  readonly parameters: Record<string, unknown>;
  /** JSONPath of the role ARN the task assumes (`Credentials.RoleArn.$`). */
  readonly rolePath: string;
}

/**
 * A Task state that calls a service as a role named by the state input (`Credentials` with `RoleArn.$`).
 * CDK's own `credentials` with a JSONPath role grants `sts:AssumeRole` on `*`; this state registers no
 * policy at all, so that the owner grants `sts:AssumeRole` on exactly the roles it registers.
 */
export class CrossAccountCall extends sfn.TaskStateBase {
  protected readonly taskMetrics: sfn.TaskMetricsConfig | undefined = undefined;
  protected readonly taskPolicies: iam.PolicyStatement[] = [];

  constructor(
    scope: Construct,
    id: string,
    private readonly props: CrossAccountCallProps,
  ) {
    super(scope, id, props);
  }

  protected _renderTask(): unknown {
    return {
      Resource: `arn:${Aws.PARTITION}:states:::${this.props.integration}`,
      Parameters: sfn.FieldUtils.renderObject(this.props.parameters),
      Credentials: { 'RoleArn.$': this.props.rolePath },
    };
  }
}
