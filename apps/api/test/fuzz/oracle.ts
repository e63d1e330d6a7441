import { problemContentType, problemSchema } from '@bok/shared/errors';
import type { FuzzRequest } from './requests';
import type { Answer } from './transport';

export type ViolationKind =
  | 'server_error'
  | 'no_answer'
  | 'not_problem'
  | 'personal_data'
  | 'internal_detail'
  | 'accepted_invalid';

export interface Violation {
  kind: ViolationKind;
  message: string;
}

/** What the fuzzer knows of a request once it is on the wire: the values the server will see. */
export interface RequestFacts {
  /** Path parameters, percent-decoded; null when the encoding is not UTF-8. */
  params: Record<string, string | null>;
  /** Query parameters, decoded (null: undecodable), every value of each. */
  query: Record<string, Array<string | null>>;
  /** Some part of the URL is not valid percent-encoded UTF-8. */
  badEncoding: boolean;
  /** The JSON body, when it parses. */
  json: unknown;
}

function decode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

export function factsOf(request: FuzzRequest, template: string): RequestFacts {
  const queryStart = request.url.indexOf('?');
  const path = queryStart < 0 ? request.url : request.url.slice(0, queryStart);
  const search = queryStart < 0 ? '' : request.url.slice(queryStart + 1);
  // Without a prototype: a parameter may well be called __proto__.
  const params: RequestFacts['params'] = Object.create(null);
  const templateParts = template.split('/');
  const pathParts = path.split('/');
  templateParts.forEach((part, index) => {
    const name = /^\{(\w+)\}$/.exec(part)?.[1];
    if (!name) return;
    // A wildcard takes the rest of the path.
    const raw = name === 'wildcard' ? pathParts.slice(index).join('/') : (pathParts[index] ?? '');
    params[name] = decode(raw);
  });
  const query: RequestFacts['query'] = Object.create(null);
  for (const part of search ? search.split('&') : []) {
    const equals = part.indexOf('=');
    const name = decode((equals < 0 ? part : part.slice(0, equals)).replaceAll('+', ' ')) ?? part;
    const values = query[name] ?? [];
    values.push(equals < 0 ? '' : decode(part.slice(equals + 1).replaceAll('+', ' ')));
    query[name] = values;
  }
  let json: unknown;
  try {
    json = typeof request.payload === 'string' ? JSON.parse(request.payload) : undefined;
  } catch {
    json = undefined;
  }
  return {
    params,
    query,
    badEncoding: decode(path) === null || Object.values(query).some((values) => values.includes(null)),
    json,
  };
}

/** Someone's personal data the fuzzer seeded, and whose it is. */
export interface Secret {
  value: string;
  /** The registration it belongs to: its manage link may show it. */
  registrationId: string;
  what: string;
}

// Stack frames, file paths, and the words of a database or driver error.
const internalPatterns = [
  /\n\s+at [^\n]*:\d+:\d+/,
  /node:internal|node_modules|file:\/\/|\/work\/|\/home\/|\/src\/\w/,
  /\.(?:ts|js|mjs|cjs):\d+/,
  /\b(?:Type|Range|Syntax|Reference)Error\b/,
  /prisma|\bSQLSTATE\b|relation "|syntax error at|invalid byte sequence|violates \w+ constraint|pg-boss|Invalid `[^`]*` invocation/i,
];

// Bidi controls (the "Trojan Source" characters) and invisible format characters: nothing a
// one-line field (a name, a library, a job title) should hold. ZWJ and ZWNJ are left out: emoji
// and several scripts need them.
const bidiOrInvisible = /[\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u180e\ufeff]/u;
const oneLineFields = ['name', 'libraryName', 'jobTitle'];

export function requestText(request: FuzzRequest): string {
  const payload =
    request.payload === undefined
      ? ''
      : Buffer.isBuffer(request.payload)
        ? request.payload.toString('utf8')
        : request.payload;
  const url = `${request.url} ${decode(request.url) ?? ''} ${decode(request.url.replaceAll('+', ' ')) ?? ''}`;
  return `${url}\n${JSON.stringify(request.headers)}\n${Object.values(request.headers).flat().join('\n')}\n${payload}`.toLowerCase();
}

/** Everything wrong with one answer, before the known findings are taken out. */
export function violationsOf(
  request: FuzzRequest,
  facts: RequestFacts,
  answer: Answer,
  secrets: Secret[],
): Violation[] {
  const violations: Violation[] = [];
  const contentType = String(answer.headers['content-type'] ?? '');
  if (answer.status === 0)
    violations.push({ kind: 'no_answer', message: 'the server closed the connection without an answer' });
  if (answer.status >= 500) {
    violations.push({ kind: 'server_error', message: `${answer.status} ${answer.body.slice(0, 300)}` });
  }
  if (answer.status >= 400) {
    if (!contentType.startsWith(problemContentType)) {
      violations.push({
        kind: 'not_problem',
        message: `${answer.status} with Content-Type "${contentType}": ${answer.body.slice(0, 300)}`,
      });
    } else if (request.method !== 'HEAD') {
      let parsed: ReturnType<typeof problemSchema.safeParse> | undefined;
      try {
        parsed = problemSchema.safeParse(JSON.parse(answer.body));
      } catch {
        violations.push({
          kind: 'not_problem',
          message: `problem+json that is not JSON: ${answer.body.slice(0, 300)}`,
        });
      }
      if (parsed && !parsed.success) {
        violations.push({
          kind: 'not_problem',
          message: `problem that fails the shared schema: ${parsed.error.message.slice(0, 300)}`,
        });
      } else if (parsed?.success && parsed.data.status !== answer.status) {
        violations.push({
          kind: 'not_problem',
          message: `problem says status ${parsed.data.status}, the answer is ${answer.status}`,
        });
      }
    }
    const sent = requestText(request);
    for (const pattern of internalPatterns) {
      const match = pattern.exec(answer.body)?.[0];
      if (match && !sent.includes(match.toLowerCase())) {
        violations.push({
          kind: 'internal_detail',
          message: `error body shows "${match}": ${answer.body.slice(0, 300)}`,
        });
      }
    }
  }

  const sent = requestText(request);
  const body = answer.body.toLowerCase();
  const isSuccess = answer.status >= 200 && answer.status < 300;
  for (const secret of secrets) {
    const value = secret.value.toLowerCase();
    if (!body.includes(value) && !body.includes(JSON.stringify(secret.value).slice(1, -1).toLowerCase())) continue;
    if (sent.includes(value)) continue;
    // The development mailbox shows every e-mail by design (this machine only, never in production).
    if (isSuccess && request.operation.includes('/api/dev/mailbox')) continue;
    // The manage link shows its own registration (ids are uuids: case does not matter).
    if (
      isSuccess &&
      request.tokenFor === secret.registrationId &&
      facts.params.id?.toLowerCase() === secret.registrationId
    )
      continue;
    violations.push({ kind: 'personal_data', message: `${answer.status} shows ${secret.what}` });
  }

  // What the rules refuse must not be stored: checked on what the server says it accepted.
  const json = facts.json as Record<string, unknown> | undefined;
  if (
    request.operation === 'POST /api/v1/meetings/{id}/registrations' &&
    answer.status === 201 &&
    json &&
    !json.website
  ) {
    for (const field of oneLineFields) {
      if (typeof json[field] === 'string' && bidiOrInvisible.test(json[field])) {
        violations.push({
          kind: 'accepted_invalid',
          message: `registered with a bidi/invisible character in ${field}`,
        });
      }
    }
  }
  if (request.operation === 'PATCH /api/v1/registrations/{id}' && answer.status === 200) {
    const stored = JSON.parse(answer.body) as Record<string, unknown>;
    if (stored.libraryId !== null && stored.libraryName !== null) {
      violations.push({
        kind: 'accepted_invalid',
        message: 'the registration now has both a listed library and a free-text one',
      });
    }
    for (const field of oneLineFields) {
      if (
        typeof json?.[field] === 'string' &&
        typeof stored[field] === 'string' &&
        bidiOrInvisible.test(stored[field])
      ) {
        violations.push({ kind: 'accepted_invalid', message: `changed to a bidi/invisible character in ${field}` });
      }
    }
  }
  return violations;
}

export { bidiOrInvisible, oneLineFields };
