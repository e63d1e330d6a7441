import fc from 'fast-check';

/** The parts of an OpenAPI 3.1 document the fuzzer reads. */
export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
};

interface OpenApiParameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema?: JsonSchema;
}

export interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      { parameters?: OpenApiParameter[]; requestBody?: { content?: Record<string, { schema: JsonSchema }> } }
    >
  >;
  components?: { schemas?: Record<string, JsonSchema> };
}

export interface Parameter {
  name: string;
  required: boolean;
  schema: JsonSchema;
}

/** One method on one path, as the fuzzer attacks it. */
export interface Operation {
  method: string;
  /** OpenAPI style: /api/v1/meetings/{id}. */
  path: string;
  pathParams: Parameter[];
  query: Parameter[];
  headers: Parameter[];
  body?: JsonSchema;
  /** Where it was found: in the document, or only in the live route table. */
  source: 'openapi' | 'route-table';
}

export const operationKey = (operation: Pick<Operation, 'method' | 'path'>) => `${operation.method} ${operation.path}`;

/** Every operation in the document, with its parameters and request body. */
export function operationsFromDocument(document: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const parameters = operation.parameters ?? [];
      const of = (place: OpenApiParameter['in']) =>
        parameters
          .filter((parameter) => parameter.in === place)
          .map((parameter) => ({
            name: parameter.name,
            required: parameter.required ?? false,
            schema: parameter.schema ?? {},
          }));
      const content = operation.requestBody?.content;
      operations.push({
        method: method.toUpperCase(),
        path,
        pathParams: of('path'),
        query: of('query'),
        headers: of('header'),
        body: content ? Object.values(content)[0]?.schema : undefined,
        source: 'openapi',
      });
    }
  }
  return operations;
}

/**
 * The live route table, from Fastify's own printout (`printRoutes({ commonPrefix: false })`): a
 * tree whose lines are `├── /segment (GET, HEAD)`, children indented by four columns.
 */
export function routesFromRouteTable(printed: string): Array<{ method: string; path: string }> {
  const routes: Array<{ method: string; path: string }> = [];
  const stack: string[] = [];
  for (const line of printed.split('\n')) {
    const match = /^([│ ]*)[├└]── (.+?)(?: \(([^)]+)\))?$/u.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    const path = `${stack[depth - 1] ?? ''}${match[2]}`;
    stack[depth] = path;
    stack.length = depth + 1;
    for (const method of match[3]?.split(',').map((part) => part.trim()) ?? []) {
      routes.push({ method, path: path.replace(/:(\w+)/g, '{$1}').replace(/\*$/, '{wildcard}') });
    }
  }
  return routes;
}

/** The document's operations, plus every route the app really has that the document leaves out. */
export function allOperations(document: OpenApiDocument, printedRoutes: string): Operation[] {
  const documented = operationsFromDocument(document);
  const known = new Set(documented.map(operationKey));
  const extra: Operation[] = [];
  for (const route of routesFromRouteTable(printedRoutes)) {
    if (known.has(operationKey(route))) continue;
    known.add(operationKey(route));
    const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
    // A HEAD route is its GET's twin: it takes the GET's parameters.
    const twin =
      route.method === 'HEAD'
        ? documented.find((operation) => operation.path === route.path && operation.method === 'GET')
        : undefined;
    extra.push({
      method: route.method,
      path: route.path,
      pathParams: twin?.pathParams ?? names.map((name) => ({ name, required: true, schema: { type: 'string' } })),
      query: twin?.query ?? [],
      headers: twin?.headers ?? [],
      source: 'route-table',
    });
  }
  return [...documented, ...extra];
}

function resolve(schema: JsonSchema, document: OpenApiDocument): JsonSchema {
  let current = schema;
  for (let hops = 0; current.$ref && hops < 10; hops += 1) {
    const name = current.$ref.replace('#/components/schemas/', '');
    current = document.components?.schemas?.[name] ?? {};
  }
  return current;
}

/** Values a JSON schema accepts, as far as keywords go (zod's refinements are not in the schema). */
export function arbitraryFromSchema(schema: JsonSchema, document: OpenApiDocument, depth = 0): fc.Arbitrary<unknown> {
  const resolved = resolve(schema, document);
  if (resolved.const !== undefined) return fc.constant(resolved.const);
  if (resolved.enum) return fc.constantFrom(...resolved.enum);
  const union = resolved.anyOf ?? resolved.oneOf;
  if (union) return fc.oneof(...union.map((part) => arbitraryFromSchema(part, document, depth + 1)));
  if (Array.isArray(resolved.type)) {
    return fc.oneof(...resolved.type.map((type) => arbitraryFromSchema({ ...resolved, type }, document, depth + 1)));
  }
  switch (resolved.type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.oneof(
        fc.integer({ min: Math.max(resolved.minimum ?? -1e9, -1e9), max: Math.min(resolved.maximum ?? 1e9, 1e9) }),
        // The edges the schema states, where arithmetic on them overflows.
        fc.constantFrom(
          ...[resolved.minimum, resolved.maximum].filter((value): value is number => value !== undefined),
        ),
      );
    case 'number':
      return fc.double({ min: resolved.minimum, max: resolved.maximum, noNaN: true });
    case 'array':
      return depth > 4
        ? fc.constant([])
        : fc.array(arbitraryFromSchema(resolved.items ?? {}, document, depth + 1), { maxLength: 3 });
    case 'object': {
      const properties = resolved.properties ?? {};
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, property] of Object.entries(properties))
        record[name] = arbitraryFromSchema(property, document, depth + 1);
      return fc.record(record, { requiredKeys: (resolved.required ?? []).filter((name) => name in properties) });
    }
    case 'string':
      return stringFromSchema(resolved);
    default:
      return depth > 2 ? fc.constant(null) : fc.jsonValue({ maxDepth: 2 });
  }
}

function stringFromSchema(schema: JsonSchema): fc.Arbitrary<string> {
  if (schema.format === 'uuid') return fc.uuid();
  if (schema.format === 'email') return fc.emailAddress().filter((email) => email.length <= (schema.maxLength ?? 254));
  if (schema.format === 'date-time') {
    return fc
      .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true })
      .map((date) => date.toISOString());
  }
  const length = { minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 60, 400) };
  if (schema.pattern)
    return fc.stringMatching(new RegExp(schema.pattern)).filter((value) => value.length <= length.maxLength);
  return fc.oneof(fc.string({ ...length, unit: 'grapheme' }), fc.string({ ...length, unit: 'grapheme-ascii' }));
}
