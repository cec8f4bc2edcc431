import { describe, expect, it } from 'vitest';
import { topicAssetType } from '../../../asset-types/src/definition.ts';
import { renderSmithyModel } from '../../../asset-types/src/smithy.ts';

describe('renderSmithyModel', () => {
  const definition = topicAssetType();

  it('renders one structure named like the form type with every field', () => {
    const source = definition.formTypes.find((f) => f.name === 'MskSourceReferenceFormType');
    if (!source) throw new Error('missing form');
    const model = renderSmithyModel(source);
    expect(model).toMatch(/^@documentation\(".+"\)\nstructure MskSourceReferenceFormType \{\n/);
    for (const field of source.fields) expect(model).toContain(`    ${field.name}: ${field.type}`);
    expect(model.trimEnd().endsWith('}')).toBe(true);
  });

  it('marks required and searchable fields where users search', () => {
    const schema = definition.formTypes.find((f) => f.name === 'KafkaSchemaFormType');
    if (!schema) throw new Error('missing form');
    const model = renderSmithyModel(schema);
    expect(model).toContain('    @required\n    @amazon.datazone#searchable\n    kafka_topic: String');
    expect(model).toContain('    @amazon.datazone#searchable(modes: ["TECHNICAL"])\n    schema_arn: String');
    expect(model).toContain('    schema_version: Integer');
  });

  it('escapes documentation strings', () => {
    const model = renderSmithyModel({
      name: 'F',
      description: 'a "quoted" \\ text',
      fields: [{ name: 'x', type: 'String', documentation: 'line "1"' }],
    });
    expect(model).toContain('@documentation("a \\"quoted\\" \\\\ text")');
    expect(model).toContain('@documentation("line \\"1\\"")');
  });
});
