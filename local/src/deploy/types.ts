/** What a local deployment reports: per stack, what was created where, and what was not. */
import type { FunctionUrlAuthType } from '../services/lambda/function-urls.ts';

/** A resource the local deployment did not create, and why. */
export interface ReportedResource {
  readonly stack: string;
  readonly logicalId: string;
  readonly type: string;
  readonly reason: string;
}

export interface DeployedFunction {
  readonly name: string;
  readonly arn: string;
  readonly roleArn: string;
  /** The asset directory the function's code is loaded from. */
  readonly codeDir: string;
  readonly handler: string;
}

export interface DeployedStateMachine {
  readonly name: string;
  readonly arn: string;
}

export interface DeployedRule {
  readonly name: string;
  readonly arn: string;
  readonly eventPattern?: string;
  readonly scheduleExpression?: string;
  /** ARNs of the targets put on the rule. */
  readonly targets: readonly string[];
}

export interface DeployedUrl {
  readonly url: string;
  readonly functionArn: string;
  readonly authType: FunctionUrlAuthType;
}

export interface DeployedQueue {
  readonly name: string;
  readonly url: string;
  readonly arn: string;
}

/** One stack of the deployment. Records are keyed by logical id. */
export interface StackDeployment {
  readonly stackName: string;
  readonly account: string;
  readonly region: string;
  readonly functions: Record<string, DeployedFunction>;
  readonly stateMachines: Record<string, DeployedStateMachine>;
  readonly rules: Record<string, DeployedRule>;
  readonly urls: Record<string, DeployedUrl>;
  readonly queues: Record<string, DeployedQueue>;
  /** IAM roles, SSM parameters, DataZone form types, custom resources: logical id → physical id. */
  readonly others: Record<string, { readonly type: string; readonly physicalId: string }>;
  /** Resources with no local behaviour to give (by type). */
  readonly notNeeded: ReportedResource[];
  /** Resources (or rule targets) the local cloud cannot run. */
  readonly unmapped: ReportedResource[];
  /** Resources whose creation failed on the local cloud. */
  readonly failed: ReportedResource[];
}
