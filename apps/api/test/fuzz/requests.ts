import fc from 'fast-check';
import {
  asHeaderValue,
  contentTypes,
  deeplyNested,
  encodePathValue,
  hostileInHead,
  hostileString,
  hostileStrings,
  hugeString,
  junkHeaderValues,
  junkIdempotencyKeys,
  junkTokens,
  malformedJson,
  wrongType,
} from './hostile-input';
import { arbitraryFromSchema, type OpenApiDocument, type Operation, operationKey, type Parameter } from './operations';

/** Real things in the fuzzed database, so that some requests get past "not found" to the rules. */
export interface FuzzWorld {
  document: OpenApiDocument;
  meetingRefs: string[];
  registrationIds: string[];
  mailboxIds: string[];
  libraryIds: string[];
  themeRefs: string[];
  emails: string[];
  staticFiles: string[];
  /** An open meeting with seats and a waitlist: where valid registrations go. */
  openMeeting: { id: string; slug: string };
  /** A registration the fuzzer holds the manage link of (GET, PATCH). */
  own: { id: string; token: string };
  /** One it may cancel (DELETE). */
  cancellable: { id: string; token: string };
}

/** One request as it goes on the wire. */
export interface FuzzRequest {
  operation: string;
  method: string;
  /** Exactly as sent: already percent-encoded, or deliberately not. */
  url: string;
  headers: Record<string, string | string[]>;
  payload?: string | Buffer;
  /** What kind of body it carries, for the report. */
  bodyKind: string;
  /** The registration whose valid manage token it carries, if any. */
  tokenFor?: string;
}

type PathValue = { value: string; raw: boolean };

const printableAscii = /^[\x21-\x7e]*$/;

/** Any value as text; fast-check's objects may have no prototype, which String() cannot take. */
const text = (value: unknown) => (typeof value === 'string' ? value : (JSON.stringify(value) ?? 'undefined'));

function knownValuesFor(operation: Operation, parameter: Parameter, world: FuzzWorld): string[] {
  if (parameter.name === 'wildcard') return world.staticFiles;
  if (operation.path.includes('/registrations/{')) return world.registrationIds;
  if (operation.path.includes('/mailbox/{')) return world.mailboxIds;
  if (operation.path.includes('/meetings/{')) return world.meetingRefs;
  return world.meetingRefs;
}

/** A path parameter: a real one, one the schema allows, a hostile one, or a real one made hostile. */
function pathValue(operation: Operation, parameter: Parameter, world: FuzzWorld): fc.Arbitrary<PathValue> {
  const known = knownValuesFor(operation, parameter, world);
  const value = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...known) },
    { weight: 2, arbitrary: arbitraryFromSchema(parameter.schema, world.document).map(text) },
    { weight: 5, arbitrary: hostileInHead },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom(...known), hostileInHead, fc.constantFrom('prefix', 'suffix', 'upper', 'slash'))
        .map(([real, hostile, how]) =>
          how === 'prefix'
            ? `${hostile}${real}`
            : how === 'upper'
              ? real.toUpperCase()
              : how === 'slash'
                ? `${real}/`
                : `${real}${hostile}`,
        ),
    },
  );
  return fc.tuple(value, fc.boolean()).map(([text, raw]) => ({
    value: text,
    raw: raw && printableAscii.test(text) && !text.includes('?') && !text.includes('#'),
  }));
}

function queryValue(parameter: Parameter | undefined, world: FuzzWorld): fc.Arbitrary<string> {
  const known =
    parameter?.name === 'theme'
      ? world.themeRefs
      : parameter?.name === 'to'
        ? world.emails
        : parameter?.name === 'status'
          ? ['open', 'announced,held', 'cancelled,,open', ' open ', 'draft', 'open,draft']
          : ['1', '2', '100', '0'];
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...known) },
    ...(parameter ? [{ weight: 3, arbitrary: arbitraryFromSchema(parameter.schema, world.document).map(text) }] : []),
    { weight: 4, arbitrary: hostileInHead },
    {
      weight: 1,
      arbitrary: fc.constantFrom('', '[]', '{}', 'a,b', '1,2', '-9007199254740993', '1e400', '0x1f', 'true'),
    },
  );
}

const extraQueryNames = [
  '__proto__',
  'constructor',
  'page[]',
  'status[0]',
  'theme[$ne]',
  '',
  ' ',
  'a'.repeat(300),
  'limit',
  'to',
];

/** Declared query parameters (each maybe twice), plus a few no one declared. */
function queryString(operation: Operation, world: FuzzWorld): fc.Arbitrary<string> {
  const declared = operation.query.map((parameter) =>
    fc.option(
      fc
        .tuple(fc.array(queryValue(parameter, world), { minLength: 1, maxLength: 2 }), fc.boolean())
        .map(([values, raw]) => values.map((value) => pair(parameter.name, value, raw)).join('&')),
      { nil: undefined, freq: 2 },
    ),
  );
  const extra = fc.array(
    fc
      .tuple(fc.oneof(fc.constantFrom(...extraQueryNames), hostileInHead), queryValue(undefined, world), fc.boolean())
      .map(([name, value, raw]) => pair(name, value, raw)),
    { maxLength: 2 },
  );
  return fc
    .tuple(fc.tuple(...declared), extra)
    .map(([parts, extras]) => [...parts.filter(Boolean), ...extras].join('&'));
}

function pair(name: string, value: string, raw: boolean) {
  const encode = (text: string) =>
    raw && printableAscii.test(text) && !/[&#]/.test(text) ? text : encodePathValue(text);
  return `${encode(name)}=${encode(value)}`;
}

function buildPath(operation: Operation, values: Record<string, PathValue>): string {
  return operation.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const parameter = values[name]!;
    return parameter.raw ? parameter.value : encodePathValue(parameter.value);
  });
}

/** A body that should pass: the document's schema, filled in with real ids and the rules zod adds. */
function validBody(operation: Operation, world: FuzzWorld): fc.Arbitrary<Record<string, unknown>> {
  const fromSchema = arbitraryFromSchema(operation.body!, world.document) as fc.Arbitrary<Record<string, unknown>>;
  const isCreate = operation.method === 'POST';
  return fc
    .tuple(
      fromSchema,
      fc.option(fc.constantFrom(...world.libraryIds), { nil: undefined }),
      fc.oneof(
        fc.constantFrom(...world.emails),
        fc.nat().map((n) => `fuzz-${n}@fuzz.example`),
      ),
      fc.constantFrom('Mette Tew', 'Søren Ærø', 'José 😀', hostileStrings.bidi[1]!, 'Zoë\u0301', '李小龙'),
      fc.nat(9),
    )
    .map(([body, libraryId, email, name, dice]) => {
      const result = { ...body };
      if (isCreate) {
        result.email = email;
        result.consent = true;
        if (dice < 6) result.name = name;
        delete result.website;
      }
      if (libraryId && dice < 5) result.libraryId = libraryId;
      // The create schema's own rule: a library from the list or a free-text one, not both (mostly kept).
      if (isCreate && dice < 9) {
        if (result.libraryId !== undefined && result.libraryName !== undefined) delete result.libraryName;
        if (result.libraryId === undefined && result.libraryName === undefined)
          result.libraryName = 'Køge Bibliotekerne';
      }
      return result;
    });
}

type Mutation = { kind: string; key: number; value: unknown; name: string };

const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('drop', 'extra', 'wrong-type', 'hostile', 'huge', 'nested'),
  key: fc.nat(),
  value: fc.oneof(wrongType, hostileString),
  name: fc.oneof(
    fc.constantFrom(
      '__proto__',
      'constructor',
      'id',
      'status',
      'meetingId',
      'email',
      'name',
      'manageTokenHash',
      'waitlistPosition',
    ),
    hostileString,
  ),
});

function applyMutations(body: Record<string, unknown>, mutations: Mutation[], huge: string): Record<string, unknown> {
  const result: Record<string, unknown> = { ...body };
  for (const change of mutations) {
    const keys = Object.keys(result);
    const key = keys.length ? keys[change.key % keys.length]! : 'name';
    switch (change.kind) {
      case 'drop':
        delete result[key];
        break;
      case 'extra':
        Object.defineProperty(result, change.name, {
          value: change.value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
        break;
      case 'wrong-type':
        result[key] = change.value;
        break;
      case 'hostile':
        result[key] = text(change.value);
        break;
      case 'huge':
        result[key] = huge;
        break;
      case 'nested':
        result[key] = JSON.parse(deeplyNested(2_000)) as unknown;
        break;
    }
  }
  return result;
}

function formEncode(body: unknown): string {
  if (typeof body !== 'object' || body === null) return String(body);
  return Object.entries(body)
    .map(
      ([key, value]) =>
        `${encodePathValue(key)}=${encodePathValue(typeof value === 'string' ? value : JSON.stringify(value))}`,
    )
    .join('&');
}

function multipart(body: unknown): string {
  const entries = typeof body === 'object' && body !== null ? Object.entries(body) : [['body', body]];
  return `${entries
    .map(
      ([key, value]) =>
        `--fuzz\r\nContent-Disposition: form-data; name="${key}"\r\n\r\n${typeof value === 'string' ? value : JSON.stringify(value)}\r\n`,
    )
    .join('')}--fuzz--\r\n`;
}

interface Body {
  kind: string;
  contentType: string | string[] | null;
  payload?: string | Buffer;
}

/** Every way to send a body: JSON right and wrong, other media types, odd charsets and bytes, none. */
function body(operation: Operation, world: FuzzWorld): fc.Arbitrary<Body> {
  const hasBody = operation.body !== undefined;
  const valid = hasBody
    ? validBody(operation, world)
    : fc.jsonValue({ maxDepth: 2 }).map((value) => ({ value }) as Record<string, unknown>);
  const mutated = fc
    .tuple(valid, fc.array(mutation, { minLength: 1, maxLength: 3 }), hugeString())
    .map(([value, mutations, huge]) => applyMutations(value, mutations, huge));
  const json = (kind: string, values: fc.Arbitrary<unknown>): fc.Arbitrary<Body> =>
    values.map((value) => ({ kind, contentType: 'application/json', payload: JSON.stringify(value) }));
  const choices: Array<{ weight: number; arbitrary: fc.Arbitrary<Body> }> = [
    { weight: hasBody ? 6 : 0, arbitrary: json('valid-json', valid) },
    { weight: hasBody ? 8 : 1, arbitrary: json('mutated-json', mutated) },
    { weight: 1, arbitrary: json('wrong-shape-json', wrongType) },
    {
      weight: 3,
      arbitrary: fc
        .constantFrom(...malformedJson)
        .map((payload) => ({ kind: 'malformed-json', contentType: 'application/json', payload })),
    },
    {
      weight: 3,
      arbitrary: fc.tuple(valid, fc.constantFrom(...contentTypes)).map(([value, contentType]) => ({
        kind: `content-type:${contentType ?? 'none'}`,
        contentType,
        payload: /form-urlencoded/.test(contentType ?? '')
          ? formEncode(value)
          : /multipart/.test(contentType ?? '')
            ? multipart(value)
            : /xml/.test(contentType ?? '')
              ? `<?xml version="1.0"?><registration><name>${JSON.stringify(value.name ?? null)}</name></registration>`
              : JSON.stringify(value),
      })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(valid, fc.constantFrom('utf16le', 'latin1', 'invalid-utf8', 'overlong-nul', 'bom'))
        .map(([value, bytes]) => {
          const text = JSON.stringify(value);
          const payload =
            bytes === 'utf16le'
              ? Buffer.from(text, 'utf16le')
              : bytes === 'latin1'
                ? Buffer.from(text.replace('"', '"æøå'), 'latin1')
                : bytes === 'bom'
                  ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])
                  : Buffer.concat([
                      Buffer.from(text.slice(0, -1)),
                      Buffer.from(bytes === 'overlong-nul' ? [0xc0, 0x80] : [0xff, 0xfe, 0xc3]),
                      Buffer.from('}'),
                    ]);
          return { kind: `bytes:${bytes}`, contentType: 'application/json; charset=utf-8', payload };
        }),
    },
    {
      weight: 1,
      arbitrary: valid.map((value) => ({
        kind: 'duplicate-content-type',
        contentType: ['application/json', 'text/plain'],
        payload: JSON.stringify(value),
      })),
    },
    { weight: hasBody ? 1 : 12, arbitrary: fc.constant({ kind: 'none', contentType: null }) },
  ];
  return fc.oneof(...choices.filter((choice) => choice.weight > 0));
}

const junkHeaderNames = [
  'accept',
  'accept-encoding',
  'accept-language',
  'if-none-match',
  'if-modified-since',
  'range',
  'content-encoding',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-http-method-override',
  'cookie',
  'origin',
  'referer',
  'user-agent',
  'x-huge',
];

/** Headers a client should not send, and the API's own headers filled with garbage. */
function headers(operation: Operation): fc.Arbitrary<Record<string, string>> {
  const junk = fc
    .array(
      fc.tuple(
        fc.constantFrom(...junkHeaderNames),
        fc.oneof(fc.constantFrom(...junkHeaderValues), hostileInHead.map(asHeaderValue)),
      ),
      { maxLength: 3 },
    )
    .map((entries) =>
      Object.fromEntries(entries.map(([name, value]) => [name, name === 'x-huge' ? 'h'.repeat(12_000) : value])),
    );
  const extra: Array<fc.Arbitrary<Record<string, string>>> = [junk];
  if (operation.headers.some((header) => header.name === 'idempotency-key')) {
    extra.push(
      fc
        .option(
          fc.oneof(
            fc.constantFrom('fuzz-key-1', 'fuzz-key-2', 'fuzz-key-3'),
            fc.uuid(),
            fc.constantFrom(...junkIdempotencyKeys),
            hostileInHead.map(asHeaderValue),
          ),
          { nil: undefined },
        )
        .map((key): Record<string, string> => (key === undefined ? {} : { 'idempotency-key': key })),
    );
  }
  return fc.tuple(...extra).map((parts) => Object.assign({}, ...parts));
}

/**
 * The manage token: none, a real one (maybe for another id), or garbage. A DELETE only ever holds
 * the cancellable registration's: with the other one it would cancel the registration PATCH works on.
 */
function token(world: FuzzWorld, method: string): fc.Arbitrary<{ token?: string; tokenFor?: string }> {
  const real = method === 'DELETE' ? [world.cancellable] : [world.own, world.cancellable];
  return fc.oneof(
    fc.constant({}),
    fc.constantFrom(...real.map((link) => ({ token: link.token }))),
    fc.oneof(fc.constantFrom(...junkTokens), hostileInHead.map(asHeaderValue)).map((value) => ({ token: value })),
  );
}

function assemble(
  operation: Operation,
  values: Record<string, PathValue>,
  link: { token?: string; tokenFor?: string },
  query: string | undefined,
  extraHeaders: Record<string, string>,
  sent: Body,
): FuzzRequest {
  const path = buildPath(operation, values);
  const requestHeaders: Record<string, string | string[]> = { ...extraHeaders };
  if (link.token !== undefined) requestHeaders['x-registration-token'] = link.token;
  if (sent.contentType !== null) requestHeaders['content-type'] = sent.contentType;
  return {
    operation: operationKey(operation),
    method: operation.method,
    url: query ? `${path}?${query}` : path,
    headers: requestHeaders,
    ...(sent.payload !== undefined ? { payload: sent.payload } : {}),
    bodyKind: sent.kind,
    ...(link.tokenFor ? { tokenFor: link.tokenFor } : {}),
  };
}

/**
 * A request that should succeed, or fail only on the rules: real ids, the right manage link, a
 * valid body. Without these most requests would stop at validation and the rules behind it
 * (capacity, waitlist, idempotency, the manage link) would never see hostile text that is valid.
 */
function nearValid(operation: Operation, world: FuzzWorld): fc.Arbitrary<FuzzRequest> {
  const link = operation.method === 'DELETE' ? world.cancellable : world.own;
  const idOf = (name: string): fc.Arbitrary<string> =>
    name === 'wildcard'
      ? fc.constantFrom(...world.staticFiles)
      : operation.path.includes('/registrations/{')
        ? fc.constant(link.id)
        : operation.path.includes('/mailbox/{')
          ? fc.constantFrom(...world.mailboxIds)
          : fc.constantFrom(world.openMeeting.id, world.openMeeting.slug);
  const params = fc.record(
    Object.fromEntries(
      operation.pathParams.map((parameter) => [
        parameter.name,
        idOf(parameter.name).map((value) => ({ value, raw: false })),
      ]),
    ),
  );
  const sentBody: fc.Arbitrary<Body> = operation.body
    ? validBody(operation, world).map((value) => ({
        kind: 'valid-json',
        contentType: 'application/json',
        payload: JSON.stringify(value),
      }))
    : fc.constant({ kind: 'none', contentType: null });
  const idempotency = operation.headers.some((header) => header.name === 'idempotency-key')
    ? fc
        .option(fc.oneof(fc.uuid(), fc.constantFrom('fuzz-key-1', 'fuzz-key-2')), { nil: undefined })
        .map((key) => (key ? { 'idempotency-key': key } : {}))
    : fc.constant({});
  const isManage = operation.path.startsWith('/api/v1/registrations/');
  return fc
    .tuple(params, fc.option(queryString(operation, world), { nil: undefined, freq: 3 }), idempotency, sentBody)
    .map(([values, query, headers, sent]) =>
      assemble(
        operation,
        values as Record<string, PathValue>,
        isManage ? { token: link.token, tokenFor: link.id } : {},
        query,
        headers,
        sent,
      ),
    );
}

/** Hostile requests for one operation: anonymous, and for the registration routes also with a real manage link. */
function hostile(operation: Operation, world: FuzzWorld): fc.Arbitrary<FuzzRequest> {
  const isManage = operation.path.startsWith('/api/v1/registrations/');
  const params = fc.record(
    Object.fromEntries(
      operation.pathParams.map((parameter) => [parameter.name, pathValue(operation, parameter, world)]),
    ),
  );
  const manageLink = isManage
    ? fc.oneof(
        { weight: 1, arbitrary: fc.tuple(params, token(world, operation.method)) },
        {
          weight: 1,
          // With the real link: the id and its token, so the rules behind the token are reached too.
          arbitrary: fc
            .constant(operation.method === 'DELETE' ? world.cancellable : world.own)
            .map((link) => [{ id: { value: link.id, raw: false } }, { token: link.token, tokenFor: link.id }] as const),
        },
      )
    : fc.tuple(params, fc.constant({} as { token?: string; tokenFor?: string }));
  return fc
    .tuple(
      manageLink,
      fc.option(queryString(operation, world), { nil: undefined, freq: 2 }),
      headers(operation),
      body(operation, world),
    )
    .map(([[values, link], query, extraHeaders, sent]) => {
      const tokenFor =
        link.tokenFor ??
        (link.token === world.own.token
          ? world.own.id
          : link.token === world.cancellable.token
            ? world.cancellable.id
            : undefined);
      return assemble(
        operation,
        values as Record<string, PathValue>,
        { ...link, ...(tokenFor ? { tokenFor } : {}) },
        query,
        extraHeaders,
        sent,
      );
    });
}

/** Requests for one operation: mostly hostile, a third valid enough to reach the rules. */
export function requestsFor(operation: Operation, world: FuzzWorld): fc.Arbitrary<FuzzRequest> {
  return fc.oneof(
    { weight: 2, arbitrary: hostile(operation, world) },
    { weight: 1, arbitrary: nearValid(operation, world) },
  );
}

/** Methods no route has, on every path: the not-found handler and the SPA fallback get their share. */
export function strayRequests(world: FuzzWorld): fc.Arbitrary<FuzzRequest> {
  return fc
    .tuple(
      fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE', 'PROPFIND', 'SEARCH'),
      fc.oneof(
        fc.constantFrom(
          '/',
          '/api',
          '/api/',
          '/api/v1',
          '/api/v2/meetings',
          '/moeder/x',
          '/assets/',
          '/assets/missing.js',
          '/index.html',
          '/.env',
          '/.git/config',
          '/api/v1/registrations',
          '/api/dev/mailbox/',
        ),
        hostileInHead.map((value) => `/${encodePathValue(value)}`),
        fc
          .constantFrom(...hostileStrings.traversal, ...hostileStrings.percentEncoding)
          .map((value) => `/assets/${value}`),
        fc.constantFrom(...hostileStrings.traversal).map((value) => `/${value}package.json`),
        // The web root's neighbour: a file the static server must never hand out.
        fc.constantFrom(...hostileStrings.traversal, '..%2F', '%2E%2E%2F').map((value) => `/${value}secret.txt`),
        fc
          .constantFrom(...hostileStrings.traversal, '..%2F', '%2E%2E%2F')
          .map((value) => `/assets/${value}${value}secret.txt`),
        fc.constantFrom(...hostileStrings.traversal).map((value) => `/api/docs/static/${value}`),
        fc.constantFrom(...hostileStrings.traversal).map((value) => `/api/v1/meetings/${value}`),
      ),
      fc.option(
        queryString({ method: 'GET', path: '/', pathParams: [], query: [], headers: [], source: 'route-table' }, world),
        { nil: undefined },
      ),
    )
    .map(([method, path, query]) => ({
      operation: 'ANY (no route)',
      method,
      url: query ? `${path}?${query}` : path,
      headers: {},
      bodyKind: 'none',
    }));
}
