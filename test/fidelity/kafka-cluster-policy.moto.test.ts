/**
 * MSK cluster-policy contract (optimistic concurrency on `currentVersion`), asserted against the local
 * cloud and against moto (an independent emulator). Where moto departs from AWS, the local cloud is held
 * to AWS's behaviour and moto to its own observed (moto 5.2.1) behaviour, so that a change in moto shows
 * up as a failure; every such difference is listed in docs/local-cloud-fidelity.md.
 */
import {
  BadRequestException,
  CreateClusterV2Command,
  DeleteClusterPolicyCommand,
  GetClusterPolicyCommand,
  NotFoundException,
  PutClusterPolicyCommand,
} from '@aws-sdk/client-kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientFactory } from '../../common/src/clients.ts';
import { kafkaService } from '../../local/src/services/kafka/index.ts';
import { caught, fidelityTargets } from '../support/fidelity.ts';

const targets = await fidelityTargets('MSK cluster-policy', [kafkaService]);

function policy(...sids: string[]): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: sids.map((Sid) => ({
      Sid,
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::222222222222:root' },
      Action: ['kafka:CreateVpcConnection', 'kafka:GetBootstrapBrokers', 'kafka:DescribeClusterV2'],
      Resource: '*',
    })),
  });
}

for (const target of targets) {
  describe.skipIf(target.skip)(`MSK cluster policy contract: ${target.name}`, () => {
    let clients: ClientFactory;
    let close: () => Promise<void>;
    let clusterArn: string;
    const isLocal = target.name === 'local cloud';

    beforeAll(async () => {
      const started = await target.start();
      clients = started.clients();
      close = started.close;
      const created = await clients.kafka().send(
        new CreateClusterV2Command({
          ClusterName: 'fidelity',
          Provisioned: {
            KafkaVersion: '3.6.0',
            NumberOfBrokerNodes: 3,
            BrokerNodeGroupInfo: {
              ClientSubnets: ['subnet-a', 'subnet-b', 'subnet-c'],
              InstanceType: 'kafka.m5.large',
            },
            ClientAuthentication: { Sasl: { Iam: { Enabled: true } } },
          },
        }),
      );
      clusterArn = created.ClusterArn ?? '';
    });
    afterAll(async () => {
      await close();
    });

    // AWS: GetClusterPolicy on a cluster without a policy answers 404 NotFoundException (MSK API reference,
    // "Clusters clusterArn Policy"; service model: GetClusterPolicy errors list NotFoundException 404; DSF's
    // grant handler relies on it and then puts without currentVersion, aws-api-facts.md §5.3).
    if (isLocal) {
      it('answers 404 NotFoundException from GetClusterPolicy when there is no policy', async () => {
        const error = await caught(
          clients.kafka().send(new GetClusterPolicyCommand({ ClusterArn: clusterArn })),
        );
        expect(error).toBeInstanceOf(NotFoundException);
        expect((error as NotFoundException).$metadata.httpStatusCode).toBe(404);
      });
    } else {
      it('moto departs from AWS: answers GetClusterPolicy with no policy with 200 and empty strings where AWS answers 404 NotFoundException', async () => {
        const got = await clients.kafka().send(new GetClusterPolicyCommand({ ClusterArn: clusterArn }));
        expect(got.$metadata.httpStatusCode).toBe(200);
        expect(got).toMatchObject({ CurrentVersion: '', Policy: '' });
      });
    }

    it('creates a policy without currentVersion and reads it back with its version', async () => {
      const kafka = clients.kafka();
      const put = await kafka.send(
        new PutClusterPolicyCommand({ ClusterArn: clusterArn, Policy: policy('a') }),
      );
      expect(put.CurrentVersion).toEqual(expect.any(String));
      expect(put.CurrentVersion).not.toBe('');
      const got = await kafka.send(new GetClusterPolicyCommand({ ClusterArn: clusterArn }));
      expect(got).toMatchObject({ CurrentVersion: put.CurrentVersion, Policy: policy('a') });
    });

    it('updates with the current version, then refuses the stale one with a 400 BadRequestException', async () => {
      const kafka = clients.kafka();
      const current = await kafka.send(new GetClusterPolicyCommand({ ClusterArn: clusterArn }));
      const updated = await kafka.send(
        new PutClusterPolicyCommand({
          ClusterArn: clusterArn,
          Policy: policy('a', 'b'),
          CurrentVersion: current.CurrentVersion,
        }),
      );
      expect(updated.CurrentVersion).not.toBe(current.CurrentVersion);

      const stale = await caught(
        kafka.send(
          new PutClusterPolicyCommand({
            ClusterArn: clusterArn,
            Policy: policy('c'),
            CurrentVersion: current.CurrentVersion,
          }),
        ),
      );
      expect(stale).toBeInstanceOf(BadRequestException);
      expect((stale as BadRequestException).$metadata.httpStatusCode).toBe(400);
      // AWS's message contains "The version of the cluster policy isn't current" (DSF matches this text to
      // retry, aws-api-facts.md §5.3). moto departs from AWS: "Version mismatch: expected <stored>, got
      // <sent>" ("got None" when CurrentVersion is omitted).
      if (isLocal) {
        expect((stale as BadRequestException).message).toContain(
          "The version of the cluster policy isn't current",
        );
      } else {
        expect((stale as BadRequestException).message, 'moto departs from AWS: stale-version message').toBe(
          `Version mismatch: expected ${updated.CurrentVersion}, got ${current.CurrentVersion}`,
        );
      }

      const missing = await caught(
        kafka.send(new PutClusterPolicyCommand({ ClusterArn: clusterArn, Policy: policy('c') })),
      );
      expect(missing).toBeInstanceOf(BadRequestException);
      if (!isLocal) {
        expect(
          (missing as BadRequestException).message,
          'moto departs from AWS: missing-version message',
        ).toBe(`Version mismatch: expected ${updated.CurrentVersion}, got None`);
      }

      const kept = await kafka.send(new GetClusterPolicyCommand({ ClusterArn: clusterArn }));
      expect(kept).toMatchObject({ CurrentVersion: updated.CurrentVersion, Policy: policy('a', 'b') });
    });

    it('deletes the policy (200 {}) and answers NotFoundException to a second delete', async () => {
      const kafka = clients.kafka();
      const deleted = await kafka.send(new DeleteClusterPolicyCommand({ ClusterArn: clusterArn }));
      expect(deleted.$metadata.httpStatusCode).toBe(200);
      const again = await caught(kafka.send(new DeleteClusterPolicyCommand({ ClusterArn: clusterArn })));
      expect(again).toBeInstanceOf(NotFoundException);
      // AWS answers NotFoundException with HTTP 404 (MSK API reference, "Clusters clusterArn Policy";
      // service model: NotFoundException httpError 404). moto departs from AWS: it raises the error as a
      // JsonRESTError with its default status 400.
      if (isLocal) {
        expect((again as NotFoundException).$metadata.httpStatusCode).toBe(404);
      } else {
        expect(
          (again as NotFoundException).$metadata.httpStatusCode,
          'moto departs from AWS: NotFoundException status',
        ).toBe(400);
        expect((again as NotFoundException).message).toBe(`Resource not found: ${clusterArn}`);
      }
    });

    // AWS rejects a policy whose statements repeat a Sid with 400 "The Statement Ids in the policy are not
    // unique" (IAM user guide, "IAM JSON policy elements: Sid"; DSF treats it as "already granted",
    // aws-api-facts.md §5.3).
    if (isLocal) {
      it('refuses duplicate statement Sids with a 400 BadRequestException', async () => {
        const error = await caught(
          clients
            .kafka()
            .send(new PutClusterPolicyCommand({ ClusterArn: clusterArn, Policy: policy('x', 'x') })),
        );
        expect(error).toBeInstanceOf(BadRequestException);
        expect((error as BadRequestException).message).toContain(
          'The Statement Ids in the policy are not unique',
        );
      });
    } else {
      it('moto departs from AWS: stores a policy with duplicate statement Sids where AWS answers 400 BadRequestException', async () => {
        const kafka = clients.kafka();
        const put = await kafka.send(
          new PutClusterPolicyCommand({ ClusterArn: clusterArn, Policy: policy('x', 'x') }),
        );
        expect(put.$metadata.httpStatusCode).toBe(200);
        expect(put.CurrentVersion).toEqual(expect.any(String));
        expect(put.CurrentVersion).not.toBe('');
        const got = await kafka.send(new GetClusterPolicyCommand({ ClusterArn: clusterArn }));
        expect(got).toMatchObject({ CurrentVersion: put.CurrentVersion, Policy: policy('x', 'x') });
      });
    }
  });
}
