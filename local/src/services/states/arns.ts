import type { CallerIdentity } from '../../cloud/types.ts';
import { invalidArn, invalidName } from './errors.ts';

/** Characters Step Functions rejects in state machine and execution names (besides control characters). */
const FORBIDDEN_NAME = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\ufffe\uffff]/u;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/u;

function hasControlCharacter(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (code <= 0x1f || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
}

/** Throws `InvalidName` unless `name` follows the naming rules of state machines and executions. */
export function checkName(name: string): void {
  if (
    name.length < 1 ||
    name.length > 80 ||
    FORBIDDEN_NAME.test(name) ||
    LONE_SURROGATE.test(name) ||
    hasControlCharacter(name)
  ) {
    throw invalidName(name);
  }
}

export function stateMachineArn(caller: CallerIdentity, name: string): string {
  return `arn:aws:states:${caller.region}:${caller.account}:stateMachine:${name}`;
}

/** Standard executions: `execution:<sm>:<name>`; express executions add an id: `express:<sm>:<name>:<id>`. */
export function executionArn(machine: ParsedArn, name: string, expressId?: string): string {
  const base = `arn:aws:states:${machine.region}:${machine.account}`;
  return expressId
    ? `${base}:express:${machine.name}:${name}:${expressId}`
    : `${base}:execution:${machine.name}:${name}`;
}

export interface ParsedArn {
  readonly region: string;
  readonly account: string;
  readonly resourceType: string;
  /** The state machine name. */
  readonly name: string;
  /** The execution name for execution ARNs. */
  readonly executionName?: string;
}

const ARN = /^arn:aws[a-z-]*:states:([a-z0-9-]+):(\d{12}):([A-Za-z]+):(.+)$/u;

function parse(arn: string): ParsedArn {
  const match = ARN.exec(arn);
  if (!match) throw invalidArn(arn);
  const [, region = '', account = '', resourceType = '', rest = ''] = match;
  const parts = rest.split(':');
  return {
    region,
    account,
    resourceType,
    name: parts[0] ?? '',
    ...(parts[1] ? { executionName: parts[1] } : {}),
  };
}

/** Parses a state machine ARN; `InvalidArn` for anything else (Step Functions names the wrong type). */
export function parseStateMachineArn(arn: string): ParsedArn {
  const parsed = parse(arn);
  if (parsed.resourceType !== 'stateMachine') {
    throw invalidArn(arn, `Resource type not valid in this context: ${parsed.resourceType}`);
  }
  if (arn.split(':').length !== 7)
    throw invalidArn(arn, 'Qualified state machine ARNs are not supported here');
  return parsed;
}

/** Parses a standard execution ARN; express execution ARNs are not valid for the describe APIs. */
export function parseExecutionArn(arn: string): ParsedArn {
  const parsed = parse(arn);
  if (parsed.resourceType !== 'execution' || !parsed.executionName) {
    throw invalidArn(arn, `Resource type not valid in this context: ${parsed.resourceType}`);
  }
  return parsed;
}

/** The account of an IAM role ARN (`arn:aws:iam::<account>:role/...`), if it is one. */
export function roleAccount(roleArn: string): string | undefined {
  return /^arn:aws[a-z-]*:iam::(\d{12}):role\//u.exec(roleArn)?.[1];
}
