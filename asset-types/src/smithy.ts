import type { FieldDefinition, FormTypeDefinition } from './definition.ts';

function quote(text: string): string {
  return JSON.stringify(text);
}

function renderField(field: FieldDefinition): string {
  const traits = [`@documentation(${quote(field.documentation)})`];
  if (field.required) traits.push('@required');
  if (field.searchable === 'SEMANTIC') traits.push('@amazon.datazone#searchable');
  if (field.searchable === 'TECHNICAL') traits.push('@amazon.datazone#searchable(modes: ["TECHNICAL"])');
  return `${traits.map((t) => `    ${t}\n`).join('')}    ${field.name}: ${field.type}`;
}

/**
 * The Smithy model DataZone's CreateFormType takes for a form type: one structure named like the form
 * type, a member per field with its documentation, `@required` and `@amazon.datazone#searchable` traits.
 */
export function renderSmithyModel(form: FormTypeDefinition): string {
  return `@documentation(${quote(form.description)})\nstructure ${form.name} {\n${form.fields.map(renderField).join('\n\n')}\n}\n`;
}
