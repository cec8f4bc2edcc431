import { describe, expect, it } from 'vitest';
import {
  localFunctionNames,
  resolveDefinition,
  resolveIntrinsics,
  type SynthesizedTemplate,
  stateMachineDefinitions,
} from '../../../../local/src/deploy/asl.ts';
import { LocalDeployError } from '../../../../local/src/deploy/errors.ts';

const CONTEXT = {
  account: '111111111111',
  region: 'eu-west-1',
  refs: { Queue1: 'https://sqs/queue-1' },
  attributes: { 'Fn1.Arn': 'arn:aws:lambda:eu-west-1:111111111111:function:Fn1' },
};

/** A DefinitionString as CDK synthesizes it: a Join of JSON text and references. */
const DEFINITION_STRING = {
  'Fn::Join': [
    '',
    [
      '{"StartAt":"Call","States":{"Call":{"Type":"Task","Resource":"arn:',
      { Ref: 'AWS::Partition' },
      ':states:::lambda:invoke","Parameters":{"FunctionName":"',
      { 'Fn::GetAtt': ['Fn1', 'Arn'] },
      '","Payload":{"region":"',
      { Ref: 'AWS::Region' },
      '"}},"End":true}}}',
    ],
  ],
};

describe('resolveIntrinsics', () => {
  it('resolves Ref, Fn::GetAtt in both forms, Fn::Join and Fn::Sub, nested in objects and arrays', () => {
    // Act
    const resolved = resolveIntrinsics(
      {
        a: [{ Ref: 'Queue1' }, { 'Fn::GetAtt': 'Fn1.Arn' }],
        b: { 'Fn::Join': [':', ['x', { Ref: 'AWS::AccountId' }]] },
        // biome-ignore lint/suspicious/noTemplateCurlyInString: an Fn::Sub template, not a JS template
        c: { 'Fn::Sub': 'arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${Queue1} ${!Literal}' },
        // biome-ignore lint/suspicious/noTemplateCurlyInString: an Fn::Sub template, not a JS template
        d: { 'Fn::Sub': ['${Fn1.Arn}/${Name}', { Name: { Ref: 'Queue1' } }] },
        e: 7,
      },
      CONTEXT,
    );

    // Assess
    expect(resolved).toEqual({
      a: ['https://sqs/queue-1', 'arn:aws:lambda:eu-west-1:111111111111:function:Fn1'],
      b: 'x:111111111111',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an Fn::Sub template, not a JS template
      c: 'arn:aws:sqs:eu-west-1:111111111111:https://sqs/queue-1 ${Literal}',
      d: 'arn:aws:lambda:eu-west-1:111111111111:function:Fn1/https://sqs/queue-1',
      e: 7,
    });
  });

  it('throws LocalDeployError naming the reference it cannot resolve', () => {
    expect(() => resolveIntrinsics({ Ref: 'Missing' }, CONTEXT, 'Machine1')).toThrow(LocalDeployError);
    expect(() => resolveIntrinsics({ Ref: 'Missing' }, CONTEXT, 'Machine1')).toThrow(
      'Machine1: cannot resolve Ref "Missing"',
    );
    expect(() => resolveIntrinsics({ 'Fn::GetAtt': ['Fn2', 'Arn'] }, CONTEXT)).toThrow('Fn2.Arn');
    expect(() => resolveIntrinsics({ 'Fn::GetAZs': '' }, CONTEXT)).toThrow(/Fn::GetAZs is not supported/);
    expect(() => resolveIntrinsics({ 'Fn::Join': ['', 'x'] }, CONTEXT)).toThrow(/Fn::Join needs/);
  });
});

describe('resolveDefinition', () => {
  it('turns a synthesized DefinitionString into ASL', () => {
    // Act
    const asl = resolveDefinition(DEFINITION_STRING, CONTEXT);

    // Assess
    expect(asl).toEqual({
      StartAt: 'Call',
      States: {
        Call: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: {
            FunctionName: 'arn:aws:lambda:eu-west-1:111111111111:function:Fn1',
            Payload: { region: 'eu-west-1' },
          },
          End: true,
        },
      },
    });
  });

  it('throws LocalDeployError when the result is not a JSON object', () => {
    expect(() => resolveDefinition('{not json', CONTEXT)).toThrow(/is not JSON once resolved/);
    expect(() => resolveDefinition('[1]', CONTEXT)).toThrow(/not a JSON object/);
    expect(() => resolveDefinition({ Ref: 'AWS::Region' }, CONTEXT)).toThrow(LocalDeployError);
    expect(() => resolveDefinition({ a: 1 }, CONTEXT)).toThrow(/does not resolve to a string/);
  });
});

describe('stateMachineDefinitions', () => {
  it('resolves every state machine of a template with the local function names', () => {
    // Prepare
    const template: SynthesizedTemplate = {
      Resources: {
        Fn1: { Type: 'AWS::Lambda::Function', Properties: {} },
        Named: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'given-name' } },
        MachineB: {
          Type: 'AWS::StepFunctions::StateMachine',
          Properties: { DefinitionString: DEFINITION_STRING },
        },
        MachineA: {
          Type: 'AWS::StepFunctions::StateMachine',
          Properties: { Definition: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } } },
        },
      },
    };
    const context = { account: '111111111111', region: 'eu-west-1' };

    // Act
    const names = localFunctionNames(template, context);
    const machines = stateMachineDefinitions(template, { ...context, ...names });

    // Assess
    expect(names.functions).toEqual({ Fn1: 'Fn1', Named: 'given-name' });
    expect(names.attributes['Named.Arn']).toBe('arn:aws:lambda:eu-west-1:111111111111:function:given-name');
    expect(machines.map((m) => m.logicalId)).toEqual(['MachineA', 'MachineB']);
    expect(machines[1]?.definition).toMatchObject({ StartAt: 'Call' });
  });

  it('throws LocalDeployError for a state machine without a definition it can read', () => {
    const template: SynthesizedTemplate = {
      Resources: {
        M: { Type: 'AWS::StepFunctions::StateMachine', Properties: { DefinitionS3Location: {} } },
      },
    };
    expect(() => stateMachineDefinitions(template, CONTEXT)).toThrow(
      'M: has neither DefinitionString nor Definition',
    );
  });
});

describe('resolveIntrinsics: Fn::Select, Fn::Split and Fn::ImportValue', () => {
  it('selects from a split string and imports an exported value', () => {
    // Act
    const resolved = resolveIntrinsics(
      {
        name: { 'Fn::Select': [1, { 'Fn::Split': ['/', 'a/b/c'] }] },
        imported: { 'Fn::ImportValue': 'Central:Arn' },
      },
      { ...CONTEXT, imports: { 'Central:Arn': 'arn:x' } },
    );

    // Assess
    expect(resolved).toEqual({ name: 'b', imported: 'arn:x' });
  });

  it('names an import no stack exports and an index outside the list', () => {
    expect(() => resolveIntrinsics({ 'Fn::ImportValue': 'Nope' }, CONTEXT, 'Fn1')).toThrow(
      'Fn1: cannot resolve Fn::ImportValue "Nope" (no deployed stack exports it)',
    );
    expect(() => resolveIntrinsics({ 'Fn::Select': [3, ['a']] }, CONTEXT)).toThrow(/outside the list/);
  });
});
