/**
 * Member rules shared by the DataZone operations, with the constraints of the service model
 * (shared/reference/api-shapes/datazone.txt and the SDK's model).
 */
import { anchored, any, bool, list, num, required, str, struct } from '../../cloud/validate.ts';

export const DOMAIN_ID = anchored('dzd[-_][a-zA-Z0-9_-]{1,36}');
export const RESOURCE_ID = anchored('[a-zA-Z0-9_-]{1,36}');
export const FORM_TYPE_NAME = anchored('(amazon.datazone.)?(?![0-9_])\\w+$|^_\\w*[a-zA-Z0-9]\\w*');
export const TYPE_IDENTIFIER = anchored('(?!\\.)[\\w\\.]*\\w');
export const FORM_NAME = anchored('(?![0-9_])\\w+$|^_\\w*[a-zA-Z0-9]\\w*');
export const ROLE_ARN = anchored('arn:aws(|-cn|-us-gov):iam::\\d{12}:(role|role/service-role)/[\\w+=,.@-]*');
export const ENTITY_NAME = anchored('[\\w -]+');

/** Member rules used by several operations. */
export const domainIdentifier = required(str({ pattern: DOMAIN_ID }));
export const resourceId = (o: { required?: boolean } = {}) => str({ pattern: RESOURCE_ID, ...o });
export const requiredId = required(resourceId());
export const revision = str({ min: 1, max: 64 });
export const description = str({ min: 0, max: 2048 });
export const maxResults = num({ min: 1, max: 50 });
export const nextToken = str({ min: 1, max: 8192 });
export const clientToken = str({ min: 1, max: 128, pattern: anchored('[\\x21-\\x7E]+') });
export const sortOrder = str({ enum: ['ASCENDING', 'DESCENDING'] });
export const sortBy = str({ enum: ['CREATED_AT', 'UPDATED_AT'] });
export const glossaryTerms = list(str({ pattern: RESOURCE_ID }), { min: 1, max: 20 });

/** One `FormInput` of CreateAsset / CreateAssetRevision / CreateSubscriptionRequest. */
export const formInput = struct({
  formName: required(str({ min: 1, max: 128, pattern: FORM_NAME })),
  typeIdentifier: str({ min: 1, max: 385, pattern: TYPE_IDENTIFIER }),
  typeRevision: str({ min: 1, max: 64, pattern: anchored('[a-zA-Z0-9_-]+') }),
  content: str({ min: 0, max: 300_000 }),
});

export const predictionConfiguration = struct({ businessNameGeneration: struct({ enabled: bool() }) });

/** Search / SearchListings filter clauses (a recursive union, checked two levels deep; deeper clauses are
 * checked when they are evaluated). */
const filter = struct({
  attribute: required(str({ min: 1, max: 128 })),
  value: str({ min: 0, max: 128 }),
  intValue: num(),
  operator: str({ enum: ['EQ', 'LE', 'LT', 'GE', 'GT', 'TEXT_SEARCH'] }),
});
const innerClause = struct(
  { filter, and: list(any(), { min: 1, max: 100 }), or: list(any(), { min: 1, max: 100 }) },
  { union: true },
);
export const filterClause = struct(
  { filter, and: list(innerClause, { min: 1, max: 100 }), or: list(innerClause, { min: 1, max: 100 }) },
  { union: true },
);
export const searchIn = list(struct({ attribute: required(str({ min: 1, max: 128 })) }), { min: 1, max: 10 });
export const searchSort = struct({ attribute: required(str({ min: 1, max: 128 })), order: sortOrder });
export const additionalAttributes = list(
  str({ enum: ['FORMS', 'TIME_SERIES_DATA_POINT_FORMS', 'TEXT_MATCH_RATIONALE'] }),
);
export const aggregations = list(
  struct({ attribute: required(str({ min: 1, max: 128 })), displayValue: str({ min: 1, max: 100 }) }),
  { min: 1, max: 10 },
);
