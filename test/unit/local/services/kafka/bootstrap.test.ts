import type { CreateClusterV2Response, GetBootstrapBrokersResponse } from '@aws-sdk/client-kafka';
import { describe, expect, it } from 'vitest';
import { createCluster, kafkaCloud, REGION } from './harness.ts';

function hosts(list: string | undefined): string[] {
  return (list ?? '').split(',');
}

describe('kafka bootstrap brokers', () => {
  it('answers TLS brokers for a default (unauthenticated, TLS in transit) cluster, stable across calls', async () => {
    // Prepare
    const { call } = kafkaCloud();
    const arn = await createCluster(call, 'Orders-1');

    // Act
    const first = await call<GetBootstrapBrokersResponse>('GetBootstrapBrokers', { ClusterArn: arn });
    const again = await call<GetBootstrapBrokersResponse>('GetBootstrapBrokers', { ClusterArn: arn });

    // Assess
    expect(Object.keys(first)).toEqual(['BootstrapBrokerStringTls']);
    expect(hosts(first.BootstrapBrokerStringTls)).toHaveLength(3);
    for (const [i, host] of hosts(first.BootstrapBrokerStringTls).entries()) {
      expect(host).toMatch(
        new RegExp(
          `^b-${i + 1}\\.orders-1\\.[0-9a-f]{6}\\.c2\\.kafka\\.${REGION}\\.amazonaws\\.com:9094$`,
          'u',
        ),
      );
    }
    expect(again).toEqual(first);
  });

  it('answers one string per enabled listener with MSK ports', async () => {
    // Prepare
    const { call } = kafkaCloud();
    const arn = await createCluster(call, 'all', {
      ClientAuthentication: {
        Sasl: { Iam: { Enabled: true }, Scram: { Enabled: true } },
        Tls: { Enabled: true },
        Unauthenticated: { Enabled: true },
      },
      EncryptionInfo: { EncryptionInTransit: { ClientBroker: 'TLS_PLAINTEXT' } },
    });

    // Act
    const brokers = await call<GetBootstrapBrokersResponse>('GetBootstrapBrokers', { ClusterArn: arn });

    // Assess
    expect(hosts(brokers.BootstrapBrokerString)[0]).toMatch(/:9092$/u);
    expect(hosts(brokers.BootstrapBrokerStringTls)[0]).toMatch(/:9094$/u);
    expect(hosts(brokers.BootstrapBrokerStringSaslScram)[0]).toMatch(/:9096$/u);
    expect(hosts(brokers.BootstrapBrokerStringSaslIam)[0]).toMatch(/:9098$/u);
    const hostOf = (s: string | undefined) => hosts(s).map((h) => h.split(':')[0]);
    expect(hostOf(brokers.BootstrapBrokerStringSaslIam)).toEqual(hostOf(brokers.BootstrapBrokerString));
  });

  it('answers only the IAM listener for an IAM-only cluster, and plaintext only for PLAINTEXT', async () => {
    const { call } = kafkaCloud();
    const iam = await createCluster(call, 'iam', {
      ClientAuthentication: { Sasl: { Iam: { Enabled: true } } },
    });
    const plain = await createCluster(call, 'plain', {
      EncryptionInfo: { EncryptionInTransit: { ClientBroker: 'PLAINTEXT' } },
    });

    const iamBrokers = await call<GetBootstrapBrokersResponse>('GetBootstrapBrokers', { ClusterArn: iam });
    const plainBrokers = await call<GetBootstrapBrokersResponse>('GetBootstrapBrokers', {
      ClusterArn: plain,
    });

    expect(Object.keys(iamBrokers)).toEqual(['BootstrapBrokerStringSaslIam']);
    expect(Object.keys(plainBrokers)).toEqual(['BootstrapBrokerString']);
  });

  it('answers a single SASL/IAM bootstrap endpoint for a serverless cluster', async () => {
    const { call } = kafkaCloud();
    const created = await call<CreateClusterV2Response>('CreateClusterV2', {
      ClusterName: 'events',
      Serverless: { VpcConfigs: [{ SubnetIds: ['subnet-a'] }] },
    });

    const brokers = await call<GetBootstrapBrokersResponse>('GetBootstrapBrokers', {
      ClusterArn: created.ClusterArn,
    });

    expect(brokers).toEqual({
      BootstrapBrokerStringSaslIam: expect.stringMatching(
        new RegExp(`^boot-[0-9a-f]{8}\\.c2\\.kafka-serverless\\.${REGION}\\.amazonaws\\.com:9098$`, 'u'),
      ),
    });
  });

  it('throws NotFoundException for an unknown cluster', async () => {
    const { call } = kafkaCloud();

    await expect(
      call('GetBootstrapBrokers', { ClusterArn: `arn:aws:kafka:${REGION}:111122223333:cluster/x/abc-1` }),
    ).rejects.toMatchObject({ code: 'NotFoundException', fields: { InvalidParameter: 'clusterArn' } });
  });
});
