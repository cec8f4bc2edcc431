import { describe, expect, it } from 'vitest';
import { creationOrder, references } from '../../../../local/src/deploy/graph.ts';

describe('references', () => {
  it('collects Ref, Fn::GetAtt (both forms) and Fn::Sub names, without pseudo parameters', () => {
    // Act
    const found = references({
      a: { Ref: 'Queue' },
      b: [{ 'Fn::GetAtt': ['Fn', 'Arn'] }, { 'Fn::GetAtt': 'Key.Arn' }],
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Fn::Sub syntax, not a JavaScript template.
      c: { 'Fn::Sub': ['${Role.Arn}/${AWS::Region}/${Local}/${!Literal}', { Local: { Ref: 'Bucket' } }] },
      d: { Ref: 'AWS::AccountId' },
    });

    // Assess
    expect([...found].sort()).toEqual(['Bucket', 'Fn', 'Key', 'Queue', 'Role']);
  });
});

describe('creationOrder', () => {
  it('creates referenced and DependsOn resources first, in logical-id order otherwise', () => {
    // Act
    const order = creationOrder({
      Rule: {
        Type: 'AWS::Events::Rule',
        Properties: { Targets: [{ Arn: { 'Fn::GetAtt': ['Fn', 'Arn'] } }] },
      },
      Fn: {
        Type: 'AWS::Lambda::Function',
        Properties: { Role: { 'Fn::GetAtt': ['Role', 'Arn'] } },
        DependsOn: 'Policy',
      },
      Policy: { Type: 'AWS::IAM::Policy', Properties: { Roles: [{ Ref: 'Role' }] } },
      Role: { Type: 'AWS::IAM::Role' },
      Alone: { Type: 'AWS::SQS::Queue', Properties: { QueueName: { Ref: 'NotAResource' } } },
    });

    // Assess
    expect(order).toEqual(['Alone', 'Role', 'Policy', 'Fn', 'Rule']);
  });

  it('refuses a reference cycle, naming it', () => {
    expect(() =>
      creationOrder({
        A: { Type: 'T', Properties: { x: { Ref: 'B' } } },
        B: { Type: 'T', DependsOn: ['A'] },
      }),
    ).toThrow('resources depend on each other in a cycle: A -> B -> A');
  });
});
