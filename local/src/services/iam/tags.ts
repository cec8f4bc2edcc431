import type { Tag } from '@aws-sdk/client-iam';
import { invalidInput, limitExceeded } from './errors.ts';

/** Tags per IAM resource (IAM quotas page). */
export const MAX_TAGS = 50;

/** Rejects a tag list that names a key twice; IAM compares tag keys without regard to case. */
export function checkDistinctKeys(tags: readonly Tag[]): void {
  const keys = tags.map((tag) => (tag.Key ?? '').toLowerCase());
  if (new Set(keys).size !== keys.length) {
    throw invalidInput('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
  }
}

/** `current` with `added` applied: values replaced for existing keys, at most 50 tags in all. */
export function mergeTags(current: readonly Tag[], added: readonly Tag[], resource: string): Tag[] {
  checkDistinctKeys(added);
  const merged = current.map((tag) => ({ Key: tag.Key, Value: tag.Value }));
  for (const tag of added) {
    const existing = merged.find((t) => (t.Key ?? '').toLowerCase() === (tag.Key ?? '').toLowerCase());
    if (existing) existing.Value = tag.Value;
    else merged.push({ Key: tag.Key, Value: tag.Value });
  }
  if (merged.length > MAX_TAGS)
    throw limitExceeded(`Cannot exceed quota for TagsPer${resource}: ${MAX_TAGS}`);
  return merged;
}
