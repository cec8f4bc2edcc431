/**
 * A timestamp as EventBridge events and CloudTrail records carry it: ISO-8601 in UTC to the second,
 * without fractional seconds (`2026-03-04T05:06:07Z`).
 */
export function toEventTime(time: Date): string {
  return time.toISOString().replace(/\.\d{3}Z$/u, 'Z');
}
