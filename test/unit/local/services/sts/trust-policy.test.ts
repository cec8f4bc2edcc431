import { describe, expect, it } from 'vitest';
import { trustAllows } from '../../../../../local/src/services/sts/trust-policy.ts';

const session = {
  account: '111111111111',
  region: 'eu-west-1',
  accessKeyId: 'ASIALOCAL',
  principalArn: 'arn:aws:sts::111111111111:assumed-role/reconcile-function/session-1',
};

function trust(condition: Record<string, unknown>): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111111111111:root' },
        Action: 'sts:AssumeRole',
        Condition: condition,
      },
    ],
  });
}

describe('trustAllows', () => {
  it('allows a role session when ArnEquals aws:PrincipalArn names its role (as IAM evaluates it)', () => {
    // Prepare
    const document = trust({
      ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/reconcile-function' },
    });
    // Act
    const allowed = trustAllows(document, { caller: session });
    // Assess
    expect(allowed).toBe(true);
  });

  it('refuses a session of another role under ArnEquals and ArnLike', () => {
    // Prepare
    const other = { ...session, principalArn: 'arn:aws:sts::111111111111:assumed-role/intruder/s' };
    // Act
    const exact = trustAllows(
      trust({ ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/reconcile-function' } }),
      { caller: other },
    );
    const like = trustAllows(
      trust({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/reconcile-*' } }),
      {
        caller: other,
      },
    );
    // Assess
    expect(exact).toBe(false);
    expect(like).toBe(false);
  });

  it('matches ArnLike wildcards against the role ARN of a session', () => {
    // Act
    const allowed = trustAllows(
      trust({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/reconcile-*' } }),
      {
        caller: session,
      },
    );
    // Assess
    expect(allowed).toBe(true);
  });

  it('does not apply a statement with a condition operator it cannot evaluate', () => {
    // Act
    const allowed = trustAllows(trust({ DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } }), {
      caller: session,
    });
    // Assess
    expect(allowed).toBe(false);
  });
});
