/**
 * SSM Parameter Store contract, asserted against the local cloud and against moto (an independent
 * emulator). Where moto departs from AWS, the local cloud is held to AWS's behaviour and moto to its own
 * observed (moto 5.2.1) behaviour, so that a change in moto shows up as a failure; every such difference
 * is listed in docs/local-cloud-fidelity.md.
 */
import {
  DeleteParameterCommand,
  GetParameterCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  ParameterAlreadyExists,
  ParameterNotFound,
  PutParameterCommand,
  paginateGetParametersByPath,
  SSMServiceException,
} from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientFactory } from '../../common/src/clients.ts';
import { ssmService } from '../../local/src/services/ssm/index.ts';
import { caught, fidelityTargets } from '../support/fidelity.ts';

const targets = await fidelityTargets('SSM', [ssmService]);

for (const target of targets) {
  describe.skipIf(target.skip)(`SSM contract: ${target.name}`, () => {
    let clients: ClientFactory;
    let close: () => Promise<void>;
    const isLocal = target.name === 'local cloud';

    beforeAll(async () => {
      const started = await target.start();
      clients = started.clients();
      close = started.close;
    });
    afterAll(async () => {
      await close();
    });

    it('refuses a second PutParameter without Overwrite (ParameterAlreadyExists) and versions with it', async () => {
      const ssm = clients.ssm();
      await ssm.send(new PutParameterCommand({ Name: '/fid/over', Value: 'one', Type: 'String' }));
      const error = await caught(
        ssm.send(new PutParameterCommand({ Name: '/fid/over', Value: 'two', Type: 'String' })),
      );
      expect(error).toBeInstanceOf(ParameterAlreadyExists);
      expect((error as ParameterAlreadyExists).$metadata.httpStatusCode).toBe(400);
      const put = await ssm.send(
        new PutParameterCommand({ Name: '/fid/over', Value: 'two', Overwrite: true }),
      );
      expect(put.Version).toBe(2);
      const got = await ssm.send(new GetParameterCommand({ Name: '/fid/over' }));
      expect(got.Parameter).toMatchObject({ Value: 'two', Type: 'String', Version: 2 });
    });

    it('throws ParameterNotFound for GetParameter and DeleteParameter of a missing name', async () => {
      const ssm = clients.ssm();
      const got = await caught(ssm.send(new GetParameterCommand({ Name: '/fid/missing' })));
      expect(got).toBeInstanceOf(ParameterNotFound);
      expect((got as ParameterNotFound).$metadata.httpStatusCode).toBe(400);
      const deleted = await caught(ssm.send(new DeleteParameterCommand({ Name: '/fid/missing' })));
      expect(deleted).toBeInstanceOf(ParameterNotFound);
    });

    it('lists unknown names of GetParameters in InvalidParameters', async () => {
      const ssm = clients.ssm();
      await ssm.send(new PutParameterCommand({ Name: '/fid/known', Value: 'v', Type: 'String' }));
      const result = await ssm.send(new GetParametersCommand({ Names: ['/fid/known', '/fid/unknown'] }));
      expect(result.Parameters?.map((p) => p.Name)).toEqual(['/fid/known']);
      expect(result.InvalidParameters).toEqual(['/fid/unknown']);
    });

    it('rejects Tags with Overwrite and names prefixed with aws (ValidationException)', async () => {
      const ssm = clients.ssm();
      const tags = await caught(
        ssm.send(
          new PutParameterCommand({
            Name: '/fid/t',
            Value: 'v',
            Type: 'String',
            Overwrite: true,
            Tags: [{ Key: 'k', Value: 'v' }],
          }),
        ),
      );
      expect(tags).toBeInstanceOf(SSMServiceException);
      expect((tags as SSMServiceException).name).toBe('ValidationException');
      const prefix = await caught(
        ssm.send(new PutParameterCommand({ Name: 'awsReserved', Value: 'v', Type: 'String' })),
      );
      expect((prefix as SSMServiceException).name).toBe('ValidationException');
    });

    it('returns a SecureString value only WithDecryption', async () => {
      const ssm = clients.ssm();
      await ssm.send(
        new PutParameterCommand({ Name: '/fid/secret', Value: 'hunter2', Type: 'SecureString' }),
      );
      const shown = await ssm.send(new GetParameterCommand({ Name: '/fid/secret', WithDecryption: true }));
      expect(shown.Parameter?.Value).toBe('hunter2');
      const hidden = await ssm.send(new GetParameterCommand({ Name: '/fid/secret', WithDecryption: false }));
      expect(hidden.Parameter?.Value).not.toBe('hunter2');
      // AWS returns the KMS ciphertext (API reference, GetParameter, WithDecryption); the local cloud a
      // base64 stand-in for it. moto departs from AWS: it returns "kms:<key id>:<value>", plain value included.
      if (isLocal) {
        expect(hidden.Parameter?.Value).toMatch(/^AQICAH[A-Za-z0-9+/]+=*$/);
        expect(hidden.Parameter?.Value).not.toContain('hunter2');
      } else {
        expect(hidden.Parameter?.Value, 'moto departs from AWS: SecureString without decryption').toBe(
          'kms:alias/aws/ssm:hunter2',
        );
      }
    });

    it('pages GetParametersByPath (MaxResults <= 10) and the paginator sees every parameter', async () => {
      const ssm = clients.ssm();
      const names = Array.from(
        { length: 13 },
        (_, i) => `/fid/tree/${i < 6 ? 'a' : 'b'}/${String(i).padStart(2, '0')}`,
      );
      for (const name of names)
        await ssm.send(new PutParameterCommand({ Name: name, Value: 'v', Type: 'String' }));
      const seen: string[] = [];
      let pages = 0;
      for await (const page of paginateGetParametersByPath(
        { client: ssm },
        { Path: '/fid/tree', Recursive: true },
      )) {
        pages += 1;
        seen.push(...(page.Parameters ?? []).map((p) => p.Name ?? ''));
      }
      expect(pages).toBeGreaterThanOrEqual(2);
      expect(seen.sort()).toEqual(names);
      const oneLevel = await ssm.send(new GetParametersByPathCommand({ Path: '/fid/tree' }));
      expect(oneLevel.Parameters).toEqual([]);
      const tooMany = await caught(
        ssm.send(new GetParametersByPathCommand({ Path: '/fid/tree', MaxResults: 11 })),
      );
      expect((tooMany as SSMServiceException).name).toBe('ValidationException');
    });

    // AWS: GetParametersByPath is best effort, "the number of items returned, however, can be between zero
    // and the value of MaxResults" (API reference, GetParametersByPath, MaxResults/NextToken).
    async function putShortTree(): Promise<void> {
      const ssm = clients.ssm();
      for (const name of ['/fid/short/a/1', '/fid/short/a/2', '/fid/short/b/1']) {
        await ssm.send(new PutParameterCommand({ Name: name, Value: 'v', Type: 'String' }));
      }
    }
    if (isLocal) {
      it('returns short and even empty pages with a NextToken (AWS best effort)', async () => {
        await putShortTree();
        const ssm = clients.ssm();
        const first = await ssm.send(new GetParametersByPathCommand({ Path: '/fid/short', Recursive: true }));
        expect(first.Parameters).toEqual([]);
        expect(first.NextToken).toBeDefined();
        const second = await ssm.send(
          new GetParametersByPathCommand({ Path: '/fid/short', Recursive: true, NextToken: first.NextToken }),
        );
        expect(second.Parameters?.map((p) => p.Name)).toEqual(['/fid/short/a/1', '/fid/short/a/2']);
        expect(second.NextToken).toBeDefined();
      });
    } else {
      it('moto departs from AWS: always fills GetParametersByPath pages up to MaxResults, never a short or empty page with a NextToken', async () => {
        await putShortTree();
        const ssm = clients.ssm();
        const all = await ssm.send(new GetParametersByPathCommand({ Path: '/fid/short', Recursive: true }));
        expect(all.Parameters?.map((p) => p.Name)).toEqual([
          '/fid/short/a/1',
          '/fid/short/a/2',
          '/fid/short/b/1',
        ]);
        expect(all.NextToken).toBeUndefined();
        const first = await ssm.send(
          new GetParametersByPathCommand({ Path: '/fid/short', Recursive: true, MaxResults: 2 }),
        );
        expect(first.Parameters?.map((p) => p.Name)).toEqual(['/fid/short/a/1', '/fid/short/a/2']);
        expect(first.NextToken).toBeDefined();
        const second = await ssm.send(
          new GetParametersByPathCommand({
            Path: '/fid/short',
            Recursive: true,
            MaxResults: 2,
            NextToken: first.NextToken,
          }),
        );
        expect(second.Parameters?.map((p) => p.Name)).toEqual(['/fid/short/b/1']);
        expect(second.NextToken).toBeUndefined();
      });
    }
  });
}
