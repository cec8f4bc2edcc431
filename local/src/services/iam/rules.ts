import { anchored, list, required, str, struct } from '../../cloud/validate.ts';

/** Member constraints shared by the IAM operations (from the IAM service model). */
export const ROLE_NAME = required(str({ min: 1, max: 64, pattern: anchored('[\\w+=,.@-]+') }));
export const POLICY_NAME = required(str({ min: 1, max: 128, pattern: anchored('[\\w+=,.@-]+') }));
export const POLICY_DOCUMENT = required(
  str({ min: 1, max: 131072, pattern: anchored('[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+') }),
);
export const ARN = str({ min: 20, max: 2048 });
export const MARKER = str({ min: 1, max: 320, pattern: anchored('[\\u0020-\\u00FF]+') });
export const POLICY_PATH = str({ min: 1, max: 512, pattern: anchored('((/[A-Za-z0-9\\.,\\+@=_-]+)*)/') });
export const ROLE_PATH = str({
  min: 1,
  max: 512,
  pattern: anchored('(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)'),
});
const TAG_KEY = str({ min: 1, max: 128, pattern: anchored('[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+') });
export const TAG_KEYS = list(TAG_KEY, { max: 50 });
export const TAGS = list(
  struct({
    Key: required(TAG_KEY),
    Value: required(str({ max: 256, pattern: anchored('[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*') })),
  }),
  { max: 50 },
);
