import { LocalCloud } from '../../../../../local/src/cloud/cloud.ts';
import { AwsError } from '../../../../../local/src/cloud/errors.ts';
import type { CallerIdentity, ServiceDefinition } from '../../../../../local/src/cloud/types.ts';
import { eventsService } from '../../../../../local/src/services/events/index.ts';
import type { EventsState } from '../../../../../local/src/services/events/state.ts';
import { lambdaService } from '../../../../../local/src/services/lambda/index.ts';

export const ACCOUNT = '111111111111';
export const OTHER_ACCOUNT = '222222222222';
export const REGION = 'eu-west-1';

export interface StartedExecution {
  readonly stateMachineArn: string;
  readonly input: string;
  readonly account: string;
}

/** A fake Step Functions: records StartExecution calls; machines named `broken-*` do not exist, `flaky-*` throttle twice each. */
export function fakeStates(): ServiceDefinition<{
  started: StartedExecution[];
  attempts: Record<string, number>;
}> {
  return {
    signingName: 'states',
    initialState: () => ({ started: [], attempts: {} }),
    validationError: (message) => new AwsError('ValidationException', message),
    operations: {
      StartExecution: (input: { stateMachineArn: string; input: string }, ctx) => {
        const attempt = (ctx.state.attempts[input.stateMachineArn] ?? 0) + 1;
        ctx.state.attempts[input.stateMachineArn] = attempt;
        if (input.stateMachineArn.includes(':broken-')) {
          throw new AwsError(
            'StateMachineDoesNotExist',
            `State Machine Does Not Exist: '${input.stateMachineArn}'`,
          );
        }
        if (input.stateMachineArn.includes(':flaky-') && attempt <= 2) {
          throw new AwsError('ThrottlingException', 'Rate exceeded');
        }
        ctx.state.started.push({ ...input, account: ctx.caller.account });
        return {
          executionArn: `${input.stateMachineArn.replace(':stateMachine:', ':execution:')}:x`,
          startDate: new Date(),
        };
      },
    },
  };
}

export interface Harness {
  readonly cloud: LocalCloud;
  readonly caller: CallerIdentity;
  setNow(iso: string): void;
  call<T = Record<string, unknown>>(operation: string, input: object, caller?: CallerIdentity): Promise<T>;
  events(account?: string): EventsState;
  started(account?: string): StartedExecution[];
}

export function harness(): Harness {
  let now = new Date('2026-01-01T00:00:00.000Z');
  const cloud = new LocalCloud({
    services: [eventsService, fakeStates(), lambdaService],
    defaultAccount: ACCOUNT,
    defaultRegion: REGION,
    now: () => now,
  });
  const caller = cloud.rootCaller(ACCOUNT, REGION);
  return {
    cloud,
    caller,
    setNow: (iso) => {
      now = new Date(iso);
    },
    call: <T>(operation: string, input: object, as: CallerIdentity = caller) =>
      cloud.call<T>('events', operation, input, as),
    events: (account = ACCOUNT) => cloud.stateOf<EventsState>('events', account, REGION),
    started: (account = ACCOUNT) =>
      cloud.stateOf<{ started: StartedExecution[] }>('states', account, REGION).started,
  };
}

export function machineArn(name: string, account = ACCOUNT): string {
  return `arn:aws:states:${REGION}:${account}:stateMachine:${name}`;
}
