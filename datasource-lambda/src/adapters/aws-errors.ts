/** Small helpers the catalog sync adapters share to recognise SDK errors. */

/** True when `error` is an SDK (or any) error whose `name` is one of `names`. */
export function isAwsError(error: unknown, ...names: readonly string[]): boolean {
  return error instanceof Error && names.includes(error.name);
}

/** The `InvalidParameter` member MSK (and some restJson services) put on their errors, if any. */
export function invalidParameterOf(error: unknown): string | undefined {
  const value = (error as { InvalidParameter?: unknown } | null)?.InvalidParameter;
  return typeof value === 'string' ? value : undefined;
}
