import { GetParameterCommand, ParameterNotFound, PutParameterCommand } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AwsError } from '../../../local/src/cloud/errors.ts';
import type { ServiceDefinition } from '../../../local/src/cloud/types.ts';
import { required, str, validated } from '../../../local/src/cloud/validate.ts';
import { startTestCloud, type TestCloud } from '../../support/local-cloud.ts';

/** A two-operation stand-in for SSM, so that these tests exercise only the server and admin API. */
interface ParamState {
  params: Record<string, string>;
}
const fakeSsm: ServiceDefinition<ParamState> = {
  signingName: 'ssm',
  initialState: () => ({ params: {} }),
  validationError: (message) => new AwsError('ValidationException', message),
  operations: {
    PutParameter: validated(
      { Name: required(str({ min: 1, max: 2048 })), Value: required(str()) },
      (input: { Name: string; Value: string }, { state }) => {
        state.params[input.Name] = input.Value;
        return { Version: 1 };
      },
    ),
    GetParameter: (input: { Name: string }, { state, caller }) => {
      const value = state.params[input.Name];
      if (value === undefined) throw new AwsError('ParameterNotFound', `Parameter ${input.Name} not found`);
      return {
        Parameter: {
          Name: input.Name,
          Value: value,
          ARN: `arn:aws:ssm:${caller.region}:${caller.account}:parameter${input.Name}`,
        },
      };
    },
  },
};

async function admin(endpoint: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${endpoint}/_local/${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('local cloud server', () => {
  let local: TestCloud;
  beforeAll(async () => {
    local = await startTestCloud({ services: [fakeSsm] });
  });
  afterAll(() => local.close());
  beforeEach(() => admin(local.endpoint, 'POST', 'reset'));

  it('routes by SigV4 scope and keeps state per account and region', async () => {
    // Prepare
    const ssm = local.clients().ssm();
    const otherRegion = local.clients({ region: 'us-east-1' }).ssm();
    // Act
    await ssm.send(new PutParameterCommand({ Name: '/a', Value: 'x', Type: 'String' }));
    const found = await ssm.send(new GetParameterCommand({ Name: '/a' }));
    const elsewhere = await otherRegion
      .send(new GetParameterCommand({ Name: '/a' }))
      .catch((e: unknown) => e);
    // Assess
    expect(found.Parameter?.Value).toBe('x');
    expect(found.Parameter?.ARN).toBe('arn:aws:ssm:eu-west-1:111111111111:parameter/a');
    expect(elsewhere).toBeInstanceOf(ParameterNotFound);
  });

  it('answers validation failures with the service error naming field and value', async () => {
    const error = await local
      .clients()
      .ssm()
      .send(new PutParameterCommand({ Name: '', Value: 'x' }))
      .catch((e: unknown) => e);
    expect((error as Error).name).toBe('ValidationException');
    expect((error as Error).message).toContain("at 'Name'");
  });

  it('answers a 4xx naming an operation it does not implement', async () => {
    const { DeleteParameterCommand } = await import('@aws-sdk/client-ssm');
    const error = (await local
      .clients()
      .ssm()
      .send(new DeleteParameterCommand({ Name: '/a' }))
      .catch((e: unknown) => e)) as Error & {
      $metadata: { httpStatusCode: number };
    };
    expect(error.message).toContain('ssm:DeleteParameter is not implemented');
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it('rejects unsigned requests and services it does not serve', async () => {
    const unsigned = await fetch(`${local.endpoint}/`, { method: 'POST', body: '{}' });
    expect(unsigned.status).toBe(403);
    const { GetCallerIdentityCommand } = await import('@aws-sdk/client-sts');
    const error = (await local
      .clients()
      .sts()
      .send(new GetCallerIdentityCommand({}))
      .catch((e: unknown) => e)) as Error & {
      $metadata: { httpStatusCode: number };
    };
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it('counts calls per service:Operation until DELETE /_local/calls', async () => {
    const ssm = local.clients().ssm();
    await ssm.send(new PutParameterCommand({ Name: '/a', Value: 'x' }));
    await ssm.send(new GetParameterCommand({ Name: '/a' }));
    await ssm.send(new GetParameterCommand({ Name: '/a' }));
    expect((await admin(local.endpoint, 'GET', 'calls')).body).toEqual({
      'ssm:PutParameter': 1,
      'ssm:GetParameter': 2,
    });
    await admin(local.endpoint, 'DELETE', 'calls');
    expect((await admin(local.endpoint, 'GET', 'calls')).body).toEqual({});
  });

  it('dumps state per service and account/region, and resets it', async () => {
    await local
      .clients()
      .ssm()
      .send(new PutParameterCommand({ Name: '/a', Value: 'x' }));
    const state = (await admin(local.endpoint, 'GET', 'state')).body as { services: Record<string, unknown> };
    expect(state.services.ssm).toEqual({ '111111111111/eu-west-1': { params: { '/a': 'x' } } });
    await admin(local.endpoint, 'POST', 'reset');
    expect(((await admin(local.endpoint, 'GET', 'state')).body as { services: unknown }).services).toEqual(
      {},
    );
  });

  it('injects errors, quotas and latency, and clears them with {}', async () => {
    const ssm = local.clients().ssm();
    await ssm.send(new PutParameterCommand({ Name: '/a', Value: 'x' }));
    await admin(local.endpoint, 'PUT', 'faults', {
      errors: { 'ssm:GetParameter': { rate: 1, code: 'InternalServerError', status: 500 } },
    });
    const injected = (await ssm
      .send(new GetParameterCommand({ Name: '/a' }))
      .catch((e: unknown) => e)) as Error & {
      $metadata: { httpStatusCode: number };
    };
    expect(injected.name).toBe('InternalServerError');
    expect(injected.$metadata.httpStatusCode).toBe(500);

    await admin(local.endpoint, 'PUT', 'faults', { quotas: { 'ssm:GetParameter': 2 } });
    const results = await Promise.allSettled(
      [1, 2, 3, 4].map(() => ssm.send(new GetParameterCommand({ Name: '/a' }))),
    );
    const throttled = results
      .filter((r) => r.status === 'rejected')
      .map((r) => (r as PromiseRejectedResult).reason as Error);
    expect(throttled.length).toBeGreaterThanOrEqual(2);
    expect(throttled[0]?.name).toBe('ThrottlingException');

    await admin(local.endpoint, 'PUT', 'faults', { latencyMs: 50 });
    const started = performance.now();
    await ssm.send(new GetParameterCommand({ Name: '/a' }));
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);

    await admin(local.endpoint, 'PUT', 'faults', {});
    expect((await admin(local.endpoint, 'GET', 'faults')).body).toEqual({});
  });

  it('refuses malformed fault settings with a message naming the key', async () => {
    const bad = await admin(local.endpoint, 'PUT', 'faults', { latencyMs: -1 });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('latencyMs');
    const unknown = await admin(local.endpoint, 'PUT', 'faults', { latency: 5 });
    expect(unknown.body.message).toContain('"latency"');
  });

  it('serves health', async () => {
    expect((await admin(local.endpoint, 'GET', 'health')).body).toEqual({ status: 'ok', services: ['ssm'] });
  });
});
