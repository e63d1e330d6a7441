import type { RequestFacts, Violation, ViolationKind } from './oracle';
import type { FuzzRequest } from './requests';
import type { Answer } from './transport';

export interface Finding {
  request: FuzzRequest;
  facts: RequestFacts;
  answer: Answer;
  violation: Violation;
}

export interface KnownFinding {
  id: string;
  /** What is wrong, and for which input. */
  description: string;
  kind: ViolationKind;
  /** The operations (`METHOD /path/{param}`) it is known on. */
  operations: string[];
  matches(finding: Finding): boolean;
}

const hasNul = (value: string | null | undefined) => value?.includes('\u0000') ?? false;
/** Fastify's own error JSON (no body to look at for HEAD: its Content-Type tells). */
const fastifyCode = (request: FuzzRequest, answer: Answer, code: string) =>
  request.method === 'HEAD'
    ? String(answer.headers['content-type']).startsWith('application/json')
    : answer.body.includes(`"code":"${code}"`);
const allRoutes = ['*'];

/**
 * Findings being fixed in another branch, tolerated until that branch is merged: then delete this
 * list (and its use in the fuzz test), and the fuzzer holds the fixes. Each entry matches only its
 * route(s) and its input class; anything else the fuzzer finds fails the test.
 */
export const knownFindingsUntilMerged: KnownFinding[] = [
  {
    id: 'nul-in-meeting-id-or-slug',
    description: 'a NUL byte in a meeting id/slug reaches PostgreSQL and is answered 500',
    kind: 'server_error',
    operations: [
      'GET /api/v1/meetings/{id}',
      'HEAD /api/v1/meetings/{id}',
      'GET /api/v1/meetings/{id}/calendar.ics',
      'HEAD /api/v1/meetings/{id}/calendar.ics',
      'POST /api/v1/meetings/{id}/registrations',
    ],
    matches: ({ facts, answer }) => answer.status === 500 && hasNul(facts.params.id),
  },
  {
    id: 'nul-in-theme-filter',
    description: 'a NUL byte in the theme filter of the meeting list is answered 500',
    kind: 'server_error',
    operations: ['GET /api/v1/meetings', 'HEAD /api/v1/meetings'],
    matches: ({ facts, answer }) => answer.status === 500 && (facts.query.theme ?? []).some(hasNul),
  },
  {
    id: 'nul-in-mailbox-filter',
    description: 'a NUL byte in the development mailbox `to` filter is answered 500',
    kind: 'server_error',
    operations: ['GET /api/dev/mailbox', 'HEAD /api/dev/mailbox'],
    matches: ({ facts, answer }) => answer.status === 500 && (facts.query.to ?? []).some(hasNul),
  },
  {
    id: 'bad-url-encoding-not-problem',
    description:
      "a URL that is not valid percent-encoded UTF-8 gets Fastify's own 400 JSON (FST_ERR_BAD_URL), not problem+json",
    kind: 'not_problem',
    operations: allRoutes,
    matches: ({ request, facts, answer }) =>
      answer.status === 400 && facts.badEncoding && fastifyCode(request, answer, 'FST_ERR_BAD_URL'),
  },
  {
    id: 'too-long-path-parameter-414-not-problem',
    description:
      "a path parameter over maxParamLength (200) gets Fastify's own 414 JSON (FST_ERR_MAX_PARAM_LENGTH), not problem+json",
    kind: 'not_problem',
    operations: allRoutes,
    matches: ({ request, answer }) => answer.status === 414 && fastifyCode(request, answer, 'FST_ERR_MAX_PARAM_LENGTH'),
  },
  {
    id: 'oversized-headers-431-not-problem',
    description: "headers (or a request line) over Node's 16 KiB limit get Node's bare 431, not problem+json",
    kind: 'not_problem',
    operations: allRoutes,
    matches: ({ answer }) => answer.status === 431,
  },
  {
    id: 'node-client-error-400-not-problem',
    description:
      "a request Node's HTTP parser refuses gets the bare 400 of Fastify's clientError handler, not problem+json",
    kind: 'not_problem',
    operations: allRoutes,
    matches: ({ answer }) =>
      answer.status === 400 && answer.via !== 'inject' && /"message":"Client Error"|^$/.test(answer.body),
  },
  {
    id: 'patch-both-libraries',
    description: 'PATCH accepts libraryId and libraryName together: the registration ends up with both',
    kind: 'accepted_invalid',
    operations: ['PATCH /api/v1/registrations/{id}'],
    matches: ({ violation }) => violation.message.includes('both a listed library and a free-text one'),
  },
  {
    id: 'bidi-in-one-line-fields',
    description: 'bidi controls and invisible format characters are accepted in names (name, libraryName, jobTitle)',
    kind: 'accepted_invalid',
    operations: ['POST /api/v1/meetings/{id}/registrations', 'PATCH /api/v1/registrations/{id}'],
    matches: ({ violation }) => violation.message.includes('bidi/invisible character'),
  },
];

export function knownFindingFor(finding: Finding): KnownFinding | undefined {
  return knownFindingsUntilMerged.find(
    (known) =>
      known.kind === finding.violation.kind &&
      (known.operations.includes('*') || known.operations.includes(finding.request.operation)) &&
      known.matches(finding),
  );
}
