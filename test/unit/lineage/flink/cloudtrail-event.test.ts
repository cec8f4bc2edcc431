import { describe, expect, it } from 'vitest';
import { parseFlinkEvent } from '../../../../lineage/src/flink/cloudtrail-event.ts';
import { MalformedFlinkEventError } from '../../../../lineage/src/flink/errors.ts';
import { flinkEvent } from './fixtures/load.ts';

describe('parseFlinkEvent', () => {
  it('reads a StartApplication record: application, account, region, operation, times', () => {
    // Act
    const parsed = parseFlinkEvent(flinkEvent('start-application'));

    // Assess
    expect(parsed).toEqual({
      kind: 'call',
      call: {
        eventName: 'StartApplication',
        eventId: '3c1f9a2e-7b4d-4e6a-9c8b-1d2e3f4a5b6c',
        eventTime: '2026-11-20T10:15:02.000Z',
        account: '333333333333',
        region: 'eu-west-1',
        applicationName: 'orders-enricher',
        operationId: 'op-start-0001',
        force: false,
      },
    });
  });

  it('reads Force of a StopApplication and the status of an UpdateApplication response', () => {
    // Act
    const stop = parseFlinkEvent(flinkEvent('stop-application-force'));
    const update = parseFlinkEvent(flinkEvent('update-application-running'));

    // Assess
    expect(stop).toMatchObject({ kind: 'call', call: { eventName: 'StopApplication', force: true } });
    expect(update).toMatchObject({
      kind: 'call',
      call: { eventName: 'UpdateApplication', responseStatus: 'UPDATING', operationId: 'op-update-0002' },
    });
  });

  it.each([
    ['another source', { ...flinkEvent('start-application'), source: 'aws.glue' }, /not a Managed Service/],
    ['a scheduled event', { ...flinkEvent('start-application'), 'detail-type': 'Scheduled Event' }, /not a/],
    [
      'a read-only call',
      (() => {
        const e = flinkEvent('start-application');
        e.detail.eventName = 'DescribeApplication';
        return e;
      })(),
      /DescribeApplication does not change/,
    ],
    ['a failed call', flinkEvent('start-application-failed-call'), /failed with ResourceInUseException/],
  ])('ignores %s, with the reason', (_case, event, reason) => {
    // Act
    const parsed = parseFlinkEvent(event);

    // Assess
    expect(parsed.kind).toBe('ignored');
    expect(parsed.kind === 'ignored' ? parsed.reason : '').toMatch(reason);
  });

  it.each([
    ['the event is not an object', () => 'text', 'event'],
    ['detail is missing', () => ({ ...flinkEvent('start-application'), detail: undefined }), 'detail'],
    [
      'the application name is missing',
      () => {
        const e = flinkEvent('start-application');
        e.detail.requestParameters = {};
        return e;
      },
      'detail.requestParameters.applicationName',
    ],
    [
      'the application name is not a valid name',
      () => {
        const e = flinkEvent('start-application');
        e.detail.requestParameters = { applicationName: 'bad name' };
        return e;
      },
      'detail.requestParameters.applicationName',
    ],
    [
      'the account is not 12 digits',
      () => ({ ...flinkEvent('start-application'), account: '42' }),
      'account',
    ],
    [
      'eventTime is not a date',
      () => {
        const e = flinkEvent('start-application');
        e.detail.eventTime = 'yesterday';
        return e;
      },
      'detail.eventTime',
    ],
    [
      'force is not a boolean',
      () => {
        const e = flinkEvent('stop-application-force');
        e.detail.requestParameters = { applicationName: 'orders-enricher', force: 'true' };
        return e;
      },
      'detail.requestParameters.force',
    ],
  ])('throws MalformedFlinkEventError when %s', (_case, build, field) => {
    // Act
    const act = () => parseFlinkEvent(build());

    // Assess
    expect(act).toThrow(MalformedFlinkEventError);
    try {
      act();
    } catch (error) {
      expect((error as MalformedFlinkEventError).field).toBe(field);
      expect((error as Error).message).toContain(field);
    }
  });
});
