/**
 * The order CloudFormation creates a template's resources in: a resource comes after every resource it
 * references (`Ref`, `Fn::GetAtt`, `${…}` in `Fn::Sub`) or names in `DependsOn`. Pure.
 */
import type { TemplateResource } from './assembly.ts';
import { LocalDeployError } from './errors.ts';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function subReferences(template: unknown, found: Set<string>): void {
  if (typeof template !== 'string') return;
  for (const match of template.matchAll(/\$\{(?!!)([^}.]+)(?:\.[^}]+)?\}/gu)) {
    if (match[1] && !match[1].startsWith('AWS::')) found.add(match[1]);
  }
}

/** Logical ids (and parameter names) a template value refers to; pseudo parameters are left out. */
export function references(value: unknown, found: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) references(item, found);
    return found;
  }
  if (!isRecord(value)) return found;
  const keys = Object.keys(value);
  const [key] = keys;
  if (keys.length === 1 && key !== undefined) {
    const arg = value[key];
    if (key === 'Ref' && typeof arg === 'string') {
      if (!arg.startsWith('AWS::')) found.add(arg);
      return found;
    }
    if (key === 'Fn::GetAtt') {
      const target = Array.isArray(arg) ? arg[0] : typeof arg === 'string' ? arg.split('.')[0] : undefined;
      if (typeof target === 'string') found.add(target);
      return found;
    }
    if (key === 'Fn::Sub') {
      const [template, variables] = Array.isArray(arg) ? arg : [arg, {}];
      subReferences(template, found);
      if (isRecord(variables)) {
        for (const name of Object.keys(variables)) found.delete(name);
        references(Object.values(variables), found);
      }
      return found;
    }
  }
  for (const item of Object.values(value)) references(item, found);
  return found;
}

/** The logical ids a resource must come after. */
export function dependenciesOf(resource: TemplateResource, resources: ReadonlySet<string>): string[] {
  const found = references(resource.Properties ?? {});
  const dependsOn = resource.DependsOn === undefined ? [] : [resource.DependsOn].flat();
  for (const id of dependsOn) found.add(id);
  return [...found].filter((id) => resources.has(id)).sort();
}

/**
 * The logical ids of `resources` in creation order (dependencies first, logical-id order otherwise).
 * @throws LocalDeployError naming the cycle, as CloudFormation refuses such a template.
 */
export function creationOrder(resources: Readonly<Record<string, TemplateResource>>): string[] {
  const ids = new Set(Object.keys(resources));
  const ordered: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, path: readonly string[]) => {
    const seen = state.get(id);
    if (seen === 'done') return;
    if (seen === 'visiting') {
      throw new LocalDeployError(`resources depend on each other in a cycle: ${[...path, id].join(' -> ')}`);
    }
    state.set(id, 'visiting');
    const resource = resources[id];
    if (resource) for (const dependency of dependenciesOf(resource, ids)) visit(dependency, [...path, id]);
    state.set(id, 'done');
    ordered.push(id);
  };
  for (const id of [...ids].sort()) visit(id, []);
  return ordered;
}
