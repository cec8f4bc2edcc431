import type { HistoryEvent, HistoryEventType } from '@aws-sdk/client-sfn';
import type { CloudRuntime } from '../../cloud/types.ts';
import type { ExecutionRecord, StatesState } from './state.ts';

/** Where an execution lives: its account and region's Step Functions state. */
export interface ExecutionLocation {
  readonly cloud: CloudRuntime;
  readonly account: string;
  readonly region: string;
  readonly executionArn: string;
}

/** The execution record, if it still exists (a reset or a loaded state may have removed it). */
export function executionRecord(at: ExecutionLocation): ExecutionRecord | undefined {
  return at.cloud.stateOf<StatesState>('states', at.account, at.region).executions[at.executionArn];
}

/** Appends a history event to an execution record. */
export function appendEvent(
  record: ExecutionRecord,
  timestamp: number,
  type: HistoryEventType,
  detailsKey?: string,
  details?: Record<string, unknown>,
): void {
  const id = record.events.length + 1;
  record.events.push({
    id,
    previousEventId: id - 1,
    timestamp,
    type,
    ...(detailsKey && details ? { detailsKey, details } : {}),
  });
}

/** Appends an event only while the execution is running (late task results of a stopped run are dropped). */
export function recordEvent(
  at: ExecutionLocation,
  type: HistoryEventType,
  detailsKey?: string,
  details?: Record<string, unknown>,
): void {
  const record = executionRecord(at);
  if (record?.status !== 'RUNNING') return;
  appendEvent(record, at.cloud.now().getTime(), type, detailsKey, details);
}

/** A stored event as the SDK's `HistoryEvent`. */
export function toHistoryEvent(event: ExecutionRecord['events'][number]): HistoryEvent {
  return {
    id: event.id,
    previousEventId: event.previousEventId,
    timestamp: new Date(event.timestamp),
    type: event.type,
    ...(event.detailsKey && event.details ? { [event.detailsKey]: event.details } : {}),
  };
}

/** JSON text of a value for history details and outputs (`null` for undefined, as Step Functions writes). */
export function jsonText(value: unknown): string {
  return JSON.stringify(value ?? null);
}
