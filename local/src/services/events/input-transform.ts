/**
 * What a rule target receives, pure: the whole event, a constant `Input`, the part selected by
 * `InputPath`, or an `InputTransformer` template filled from `InputPathsMap`.
 */
import type { CloudEvent } from '../../cloud/types.ts';

/** A target's input settings (the SDK's Target members). */
export interface TargetInputSettings {
  readonly Input?: string;
  readonly InputPath?: string;
  readonly InputTransformer?: {
    readonly InputPathsMap?: Readonly<Record<string, string>>;
    readonly InputTemplate: string;
  };
}

/** Names of the rule the event matched, for the predefined `aws.events.*` template variables. */
export interface RuleNames {
  readonly ruleArn: string;
  readonly ruleName: string;
}

type Segment = string | number;

/** Parses the JSONPath subset EventBridge accepts (`$`, `.name`, `['name']`, `[index]`); undefined if invalid. */
export function parseJsonPath(path: string): Segment[] | undefined {
  if (!path.startsWith('$')) return undefined;
  const segments: Segment[] = [];
  const token = /\.([A-Za-z0-9_$@-]+)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\]/y;
  token.lastIndex = 1;
  while (token.lastIndex < path.length) {
    const start = token.lastIndex;
    const match = token.exec(path);
    if (!match || match.index !== start) return undefined;
    if (match[2] !== undefined) segments.push(Number(match[2]));
    else segments.push((match[1] ?? match[3] ?? match[4]) as string);
  }
  return segments;
}

function select(value: unknown, segments: readonly Segment[]): unknown {
  let current = value;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

/** Text inserted for a placeholder: JSON outside a JSON string, the raw (escaped) text inside one. */
function render(value: unknown, insideString: boolean): string {
  if (value === undefined) return insideString ? '' : 'null';
  if (!insideString) return JSON.stringify(value);
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return JSON.stringify(text).slice(1, -1);
}

function fillTemplate(template: string, values: ReadonlyMap<string, unknown>): string {
  let output = '';
  let insideString = false;
  for (let i = 0; i < template.length; i++) {
    const char = template[i] as string;
    if (char === '<') {
      const end = template.indexOf('>', i);
      const name = end > i ? template.slice(i + 1, end) : '';
      if (values.has(name)) {
        output += render(values.get(name), insideString);
        i = end;
        continue;
      }
    }
    if (char === '\\' && insideString) {
      output += char + (template[i + 1] ?? '');
      i++;
      continue;
    }
    if (char === '"') insideString = !insideString;
    output += char;
  }
  return output;
}

/** The text a target receives for `event`, per its Input, InputPath or InputTransformer. */
export function targetInput(settings: TargetInputSettings, event: CloudEvent, rule: RuleNames): string {
  if (settings.Input !== undefined) return settings.Input;
  if (settings.InputPath !== undefined) {
    const selected = select(event, parseJsonPath(settings.InputPath) ?? []);
    return JSON.stringify(selected ?? null);
  }
  const transformer = settings.InputTransformer;
  if (!transformer) return JSON.stringify(event);
  const values = new Map<string, unknown>([
    ['aws.events.rule-arn', rule.ruleArn],
    ['aws.events.rule-name', rule.ruleName],
    ['aws.events.event.ingestion-time', event.time],
    ['aws.events.event', event],
    ['aws.events.event.json', event],
  ]);
  for (const [name, path] of Object.entries(transformer.InputPathsMap ?? {})) {
    values.set(name, select(event, parseJsonPath(path) ?? []));
  }
  return fillTemplate(transformer.InputTemplate, values);
}
