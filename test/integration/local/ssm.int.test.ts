import {
  DeleteParameterCommand,
  DeleteParametersCommand,
  DescribeParametersCommand,
  GetParameterCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  InvalidNextToken,
  ParameterAlreadyExists,
  ParameterNotFound,
  PutParameterCommand,
  paginateDescribeParameters,
  paginateGetParametersByPath,
  type SSMClient,
  SSMServiceException,
} from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ssmService } from '../../../local/src/services/ssm/index.ts';
import { startTestCloud, type TestCloud } from '../../support/local-cloud.ts';

let cloud: TestCloud;
let ssm: SSMClient;

beforeAll(async () => {
  cloud = await startTestCloud({ services: [ssmService] });
  ssm = cloud.clients().ssm();
});
afterAll(async () => {
  await cloud.close();
});

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('ssm over HTTP', () => {
  it('puts, overwrites and gets a parameter with a Date LastModifiedDate', async () => {
    const put = await ssm.send(new PutParameterCommand({ Name: '/int/a', Value: 'one', Type: 'String' }));
    expect(put.Version).toBe(1);
    const error = await caught(
      ssm.send(new PutParameterCommand({ Name: '/int/a', Value: 'two', Type: 'String' })),
    );
    expect(error).toBeInstanceOf(ParameterAlreadyExists);
    expect((error as ParameterAlreadyExists).$metadata.httpStatusCode).toBe(400);
    const again = await ssm.send(new PutParameterCommand({ Name: '/int/a', Value: 'two', Overwrite: true }));
    expect(again.Version).toBe(2);
    const got = await ssm.send(new GetParameterCommand({ Name: '/int/a' }));
    expect(got.Parameter).toMatchObject({ Name: '/int/a', Value: 'two', Type: 'String', Version: 2 });
    expect(got.Parameter?.LastModifiedDate).toBeInstanceOf(Date);
  });

  it('throws ParameterNotFound (400) for a missing parameter', async () => {
    const error = await caught(ssm.send(new GetParameterCommand({ Name: '/int/missing' })));
    expect(error).toBeInstanceOf(ParameterNotFound);
    expect((error as ParameterNotFound).$metadata.httpStatusCode).toBe(400);
    const deleteError = await caught(ssm.send(new DeleteParameterCommand({ Name: '/int/missing' })));
    expect(deleteError).toBeInstanceOf(ParameterNotFound);
  });

  it('answers ValidationException for model violations', async () => {
    const error = await caught(ssm.send(new GetParametersByPathCommand({ Path: '/int', MaxResults: 50 })));
    expect(error).toBeInstanceOf(SSMServiceException);
    expect((error as SSMServiceException).name).toBe('ValidationException');
    expect((error as SSMServiceException).$metadata.httpStatusCode).toBe(400);
  });

  it('returns SecureString values decrypted only WithDecryption', async () => {
    await ssm.send(new PutParameterCommand({ Name: '/int/secret', Value: 'pw', Type: 'SecureString' }));
    const hidden = await ssm.send(new GetParameterCommand({ Name: '/int/secret' }));
    const shown = await ssm.send(new GetParameterCommand({ Name: '/int/secret', WithDecryption: true }));
    expect(hidden.Parameter?.Value).not.toBe('pw');
    expect(shown.Parameter?.Value).toBe('pw');
  });

  it('pages GetParametersByPath (short and empty pages) and the paginator collects everything', async () => {
    const names = [
      '/tree/x/1',
      '/tree/x/2',
      '/tree/y/1',
      ...Array.from({ length: 12 }, (_, i) => `/tree/z/${i}`),
    ];
    for (const name of names)
      await ssm.send(new PutParameterCommand({ Name: name, Value: 'v', Type: 'String' }));
    const first = await ssm.send(new GetParametersByPathCommand({ Path: '/tree', Recursive: true }));
    expect(first.Parameters).toEqual([]);
    expect(first.NextToken).toBeDefined();
    const pages: number[] = [];
    const seen: string[] = [];
    for await (const page of paginateGetParametersByPath(
      { client: ssm },
      { Path: '/tree', Recursive: true },
    )) {
      pages.push(page.Parameters?.length ?? 0);
      seen.push(...(page.Parameters ?? []).map((p) => p.Name ?? ''));
    }
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(seen.sort()).toEqual([...names].sort());
    const error = await caught(
      ssm.send(new GetParametersByPathCommand({ Path: '/tree', NextToken: 'bogus' })),
    );
    expect(error).toBeInstanceOf(InvalidNextToken);
  });

  it('describes parameters in pages and gets or deletes several at once', async () => {
    for (let i = 0; i < 12; i += 1) {
      await ssm.send(new PutParameterCommand({ Name: `/desc/${i}`, Value: 'v', Type: 'String' }));
    }
    const names: string[] = [];
    let pages = 0;
    for await (const page of paginateDescribeParameters(
      { client: ssm },
      { ParameterFilters: [{ Key: 'Name', Option: 'BeginsWith', Values: ['/desc/'] }] },
    )) {
      pages += 1;
      names.push(...(page.Parameters ?? []).map((p) => p.Name ?? ''));
    }
    expect(pages).toBe(2);
    expect(names).toHaveLength(12);
    const got = await ssm.send(new GetParametersCommand({ Names: ['/desc/0', '/desc/none'] }));
    expect(got.Parameters?.map((p) => p.Name)).toEqual(['/desc/0']);
    expect(got.InvalidParameters).toEqual(['/desc/none']);
    const deleted = await ssm.send(new DeleteParametersCommand({ Names: ['/desc/0', '/desc/none'] }));
    expect(deleted).toMatchObject({ DeletedParameters: ['/desc/0'], InvalidParameters: ['/desc/none'] });
    const described = await ssm.send(new DescribeParametersCommand({ MaxResults: 50 }));
    expect(described.Parameters?.[0]?.LastModifiedDate).toBeInstanceOf(Date);
  });
});
