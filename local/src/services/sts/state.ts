/** A session issued by AssumeRole, kept in the role account's STS state under its access key id. */
export interface StoredSession {
  /** `<RoleId>:<RoleSessionName>`, the session's UserId. */
  AssumedRoleId: string;
  /** `arn:aws:sts::<account>:assumed-role/<RoleName>/<RoleSessionName>`. */
  Arn: string;
  /** ISO-8601. */
  Expiration: string;
}

/** STS of one account (global: no Region). */
export interface StsState {
  sessions: Record<string, StoredSession>;
}

export function initialStsState(): StsState {
  return { sessions: {} };
}
