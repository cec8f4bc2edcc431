import { jsonKey, optionalStringKey, parseConfig, stringKey } from '../../common/src/config.ts';
import { ConfigError } from '../../common/src/errors.ts';
import { type GrantSettings, type GrantSettingsInput, grantSettings } from './settings.ts';

/** The environment workflow's settings (the ApplyGrant function of a producer or consumer account). */
export interface EnvironmentSettings {
  /** SSM path of the grant ledger, e.g. `/streamgov/grants`. */
  readonly ledgerPrefix: string;
  /** KMS key of the ledger parameters; empty: String parameters. */
  readonly ledgerKmsKeyId?: string;
  readonly grant: GrantSettings;
}

/** Environment variable keys of the apply function; infra sets them from these constants. */
export const ENVIRONMENT_ENV = {
  ledgerPrefix: 'LEDGER_PREFIX',
  ledgerKmsKeyId: 'LEDGER_KMS_KEY_ID',
  grant: 'GRANT_SETTINGS',
} as const satisfies Record<keyof EnvironmentSettings, string>;

const LEDGER_PREFIX = /^(\/[a-zA-Z0-9_.-]+)+$/;

/** The environment of the apply function (infra passes this to the function). */
export function environmentVariables(
  ledgerPrefix: string,
  grant: GrantSettingsInput,
  ledgerKmsKeyId?: string,
): Record<string, string> {
  return {
    [ENVIRONMENT_ENV.ledgerPrefix]: ledgerPrefix,
    [ENVIRONMENT_ENV.grant]: JSON.stringify(grant),
    ...(ledgerKmsKeyId ? { [ENVIRONMENT_ENV.ledgerKmsKeyId]: ledgerKmsKeyId } : {}),
  };
}

/**
 * Reads the environment settings (written by {@link environmentVariables}); the grant settings are
 * checked and completed by `grantSettings`.
 * @throws ConfigError listing every missing or invalid key.
 */
export function loadEnvironmentSettings(
  env: Readonly<Record<string, string | undefined>>,
): EnvironmentSettings {
  const parsed = parseConfig(
    {
      [ENVIRONMENT_ENV.ledgerPrefix]: stringKey({ pattern: LEDGER_PREFIX }),
      [ENVIRONMENT_ENV.ledgerKmsKeyId]: optionalStringKey(''),
      [ENVIRONMENT_ENV.grant]: jsonKey<GrantSettingsInput>(
        (v) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? [] : ['must be a JSON object']),
        {},
      ),
    },
    env,
  );
  let grant: GrantSettings;
  try {
    grant = grantSettings(parsed[ENVIRONMENT_ENV.grant]);
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new ConfigError(error.problems.map((p) => `${ENVIRONMENT_ENV.grant}: ${p}`));
    }
    throw error;
  }
  const kms = parsed[ENVIRONMENT_ENV.ledgerKmsKeyId];
  return {
    ledgerPrefix: parsed[ENVIRONMENT_ENV.ledgerPrefix],
    ...(kms ? { ledgerKmsKeyId: kms } : {}),
    grant,
  };
}

/** The environment settings of this Lambda function (its environment). @throws ConfigError */
export function environmentSettingsFromEnvironment(): EnvironmentSettings {
  return loadEnvironmentSettings(process.env);
}
