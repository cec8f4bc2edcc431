/**
 * Application operations (ListApplicationOperations): each StartApplication, StopApplication and
 * UpdateApplication is recorded with its OperationId, IN_PROGRESS until its status transition completes
 * (SUCCESSFUL) or is superseded (CANCELLED), as the service reports them.
 */
import { paginate } from '../../cloud/pagination.ts';
import type { CallContext } from '../../cloud/types.ts';
import { anchored, num, required, str, validated } from '../../cloud/validate.ts';
import { applicationNotFound, invalidArgument } from './errors.ts';
import {
  type ApplicationRecord,
  applicationArn,
  type KinesisAnalyticsState,
  type OperationRecord,
  type OperationStatus,
} from './state.ts';

type Ctx = CallContext<KinesisAnalyticsState>;

const DEFAULT_PAGE = 50;

/** Records a new operation of `app`; `status` SUCCESSFUL for operations that complete at once. */
export function recordOperation(
  ctx: Ctx,
  app: ApplicationRecord,
  operation: { readonly id: string; readonly name: string; readonly status: OperationStatus },
): OperationRecord {
  const now = ctx.cloud.now().toISOString();
  const record: OperationRecord = {
    OperationId: operation.id,
    Operation: operation.name,
    StartTime: now,
    OperationStatus: operation.status,
    ...(operation.status === 'IN_PROGRESS' ? {} : { EndTime: now }),
  };
  app.operations = [...(app.operations ?? []), record];
  return record;
}

/** Ends an operation still IN_PROGRESS. */
export function endOperation(ctx: Ctx, record: OperationRecord, status: OperationStatus): void {
  if (record.OperationStatus !== 'IN_PROGRESS') return;
  record.OperationStatus = status;
  record.EndTime = ctx.cloud.now().toISOString();
}

export const listApplicationOperations = validated(
  {
    ApplicationName: required(str({ min: 1, max: 128, pattern: anchored('[a-zA-Z0-9_.-]+') })),
    Limit: num({ min: 1, max: 50 }),
    NextToken: str({ min: 1, max: 512 }),
    Operation: str({ min: 1, max: 64 }),
    OperationStatus: str({ enum: ['IN_PROGRESS', 'CANCELLED', 'SUCCESSFUL', 'FAILED'] }),
  },
  (
    input: {
      ApplicationName: string;
      Limit?: number;
      NextToken?: string;
      Operation?: string;
      OperationStatus?: string;
    },
    ctx: Ctx,
  ) => {
    const app = ctx.state.applications[input.ApplicationName];
    if (!app) {
      throw applicationNotFound(
        input.ApplicationName,
        applicationArn(ctx.caller.account, ctx.caller.region, input.ApplicationName),
      );
    }
    const items = (app.operations ?? []).filter(
      (op) =>
        (input.Operation === undefined || op.Operation === input.Operation) &&
        (input.OperationStatus === undefined || op.OperationStatus === input.OperationStatus),
    );
    const page = paginate({
      items,
      resume: 'offset',
      limit: input.Limit ?? DEFAULT_PAGE,
      token: input.NextToken,
      scope: [input.ApplicationName, input.Operation ?? '', input.OperationStatus ?? ''],
      invalidToken: () => invalidArgument('Invalid NextToken.'),
    });
    return {
      ApplicationOperationInfoList: page.items.map((op) => ({
        Operation: op.Operation,
        OperationId: op.OperationId,
        StartTime: new Date(op.StartTime),
        ...(op.EndTime === undefined ? {} : { EndTime: new Date(op.EndTime) }),
        OperationStatus: op.OperationStatus,
      })),
      ...(page.nextToken ? { NextToken: page.nextToken } : {}),
    };
  },
);
