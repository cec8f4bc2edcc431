/** The CLI's own settings from the environment: STREAMGOV_DEBUG=1 prints debug logs on stderr. */
export function debugEnabled(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  return env.STREAMGOV_DEBUG === '1';
}
