import { DerivedIndex, SortedKeys } from '../../cloud/indexes.ts';
import type { ClusterRecord, TopicRecord } from './state.ts';

type Topics = ClusterRecord['topics'];

/** The topic names of a cluster in ListTopics order, derived from `ClusterRecord.topics` (not persisted). */
const indexes = new DerivedIndex<Topics, SortedKeys>(
  (topics) => new SortedKeys(Object.keys(topics).map((name) => [name, name] as const)),
);

/** Keeps the index current after topic `name` was added to `topics`. */
export function topicAdded(topics: Topics, name: string): void {
  indexes.peek(topics)?.set(name, name);
}

/** Keeps the index current after topic `name` was removed from `topics`. */
export function topicRemoved(topics: Topics, name: string): void {
  indexes.peek(topics)?.delete(name);
}

/** The topics whose names start with `prefix`, by name, after name `after` (from the first when undefined). */
export function* topicsFrom(
  topics: Topics,
  prefix: string,
  after: string | undefined,
): Generator<TopicRecord> {
  const names = indexes.of(topics);
  const [start, end] = names.prefixRange(prefix);
  const first = after === undefined ? start : Math.max(start, names.upperBound(after));
  for (let position = first; position < end; position += 1) {
    const name = names.keyAt(position);
    // Own properties only (as Object.values): a topic no longer stored is skipped.
    const topic = Object.hasOwn(topics, name) ? topics[name] : undefined;
    if (topic !== undefined) yield topic;
  }
}

/** Forgets the index of `topics` (for state edited other than through the service's operations). */
export function dropTopicIndex(topics: Topics): void {
  indexes.drop(topics);
}
