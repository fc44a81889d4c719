// OpenAPI machinery: routes register their zod schemas here, and buildOpenApiDocument turns
// them into an OpenAPI 3.1 document whose components carry Prefect's schema names.
import { z } from 'zod';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteSpec {
  readonly method: HttpMethod | Uppercase<HttpMethod>;
  /** Express (`/flows/:id`) or OpenAPI (`/flows/{id}`) style. */
  readonly path: string;
  readonly summary: string;
  readonly tags: readonly string[];
  readonly description?: string;
  readonly operationId?: string;
  readonly body?: z.ZodType;
  readonly query?: z.ZodObject;
  readonly params?: z.ZodObject;
  readonly response?: { readonly status: number; readonly schema?: z.ZodType; readonly description?: string };
}

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string };
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, JsonSchema> };
}

type JsonSchema = Record<string, unknown>;

export const ValidationError = z
  .object({
    loc: z.array(z.union([z.string(), z.int()])),
    msg: z.string(),
    type: z.string(),
    input: z.unknown().optional(),
    ctx: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'ValidationError' });
export const HTTPValidationError = z
  .object({ detail: z.array(ValidationError).optional() })
  .meta({ id: 'HTTPValidationError' });

const COMPONENT_PREFIX = '#/components/schemas/';

/** A set of routes and the document they describe. */
export class OpenApiRoutes {
  readonly routes: RouteSpec[] = [];

  registerRoute(spec: RouteSpec): void {
    this.routes.push(spec);
  }

  buildOpenApiDocument(info: { title: string; version: string }): OpenApiDocument {
    return buildDocument(this.routes, info);
  }
}

function globalId(schema: z.ZodType): string | undefined {
  return z.globalRegistry.get(schema)?.id;
}

function buildDocument(routes: readonly RouteSpec[], info: { title: string; version: string }): OpenApiDocument {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of z.globalRegistry._idmap) registry.add(schema, { id });
  if (!registry.has(HTTPValidationError)) registry.add(HTTPValidationError, { id: 'HTTPValidationError' });

  // Route-level schemas without an id get a temporary one (inlined afterwards), or a
  // component named by their title, as FastAPI names embedded bodies.
  const temporary = new Set<string>();
  const idOf = new Map<z.ZodType, string>();
  const refer = (schema: z.ZodType, fallback: string): string => {
    const known = idOf.get(schema) ?? globalId(schema);
    if (known) return known;
    const title = z.globalRegistry.get(schema)?.title;
    const id = title && !registry._idmap.has(title) ? title : fallback;
    if (id === fallback) temporary.add(id);
    registry.add(schema, { id });
    idOf.set(schema, id);
    return id;
  };
  const planned = routes.map((route, index) => ({
    route,
    body: route.body && refer(route.body, `__route${index}_body`),
    query: route.query && refer(route.query, `__route${index}_query`),
    params: route.params && refer(route.params, `__route${index}_params`),
    response: route.response?.schema && refer(route.response.schema, `__route${index}_response`),
  }));

  const generated = z.toJSONSchema(registry, {
    uri: (id) => `${COMPONENT_PREFIX}${id}`,
    io: 'input',
    unrepresentable: 'any',
    target: 'draft-2020-12',
    override: ({ jsonSchema }) => {
      // z.int() bounds integers to the safe range; Prefect's schemas leave them unbounded.
      if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
      if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
    },
  }).schemas as Record<string, JsonSchema>;
  const all: Record<string, JsonSchema> = {};
  for (const [id, schema] of Object.entries(generated)) {
    const { $schema: _schema, $id: _id, ...rest } = schema;
    all[id] = rest;
  }
  const use = (id: string | undefined): JsonSchema | undefined =>
    id === undefined ? undefined : temporary.has(id) ? all[id] : { $ref: `${COMPONENT_PREFIX}${id}` };

  const paths: OpenApiDocument['paths'] = {};
  for (const { route, body, query, params, response } of planned) {
    const path = route.path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
    const method = route.method.toLowerCase();
    const parameters = [
      ...parametersOf(all, params, 'path'),
      ...parametersOf(all, query, 'query'),
    ];
    const status = String(route.response?.status ?? 200);
    const responseSchema = use(response);
    const responses: Record<string, unknown> = {
      [status]: {
        description: route.response?.description ?? 'Successful Response',
        ...(responseSchema ? { content: { 'application/json': { schema: responseSchema } } } : {}),
      },
    };
    if (body || query || params) {
      responses['422'] = {
        description: 'Validation Error',
        content: { 'application/json': { schema: { $ref: `${COMPONENT_PREFIX}HTTPValidationError` } } },
      };
    }
    const bodySchema = use(body);
    paths[path] = {
      ...paths[path],
      [method]: {
        tags: [...route.tags],
        summary: route.summary,
        ...(route.description ? { description: route.description } : {}),
        operationId: route.operationId ?? operationIdFor(route.summary, path, method),
        ...(parameters.length ? { parameters } : {}),
        ...(bodySchema ? { requestBody: { required: true, content: { 'application/json': { schema: bodySchema } } } } : {}),
        responses,
      },
    };
  }

  for (const id of temporary) delete all[id];
  return { openapi: '3.1.0', info: { ...info }, paths, components: { schemas: reachable(all, paths) } };
}

function parametersOf(all: Record<string, JsonSchema>, id: string | undefined, where: 'path' | 'query') {
  if (!id) return [];
  const schema = all[id];
  if (!schema) return [];
  const properties = (schema['properties'] ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema['required'] ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    schema: property,
  }));
}

function operationIdFor(summary: string, path: string, method: string): string {
  const words = `${summary} ${path}`.toLowerCase().replace(/[^a-z0-9]+/g, '_');
  return `${words.replace(/^_+|_+$/g, '')}_${method}`;
}

/** The components referenced, directly or through other components, from the paths. */
function reachable(all: Record<string, JsonSchema>, paths: unknown): Record<string, JsonSchema> {
  const keep = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith(COMPONENT_PREFIX)) {
        const id = value.slice(COMPONENT_PREFIX.length);
        if (!keep.has(id) && all[id]) {
          keep.add(id);
          visit(all[id]);
        }
      } else {
        visit(value);
      }
    }
  };
  visit(paths);
  return Object.fromEntries(Object.entries(all).filter(([id]) => keep.has(id)).sort(([a], [b]) => a.localeCompare(b)));
}

/** The server's route set. */
export const defaultRoutes = new OpenApiRoutes();

export function registerRoute(spec: RouteSpec): void {
  defaultRoutes.registerRoute(spec);
}

export function buildOpenApiDocument(info: { title: string; version: string }): OpenApiDocument {
  return defaultRoutes.buildOpenApiDocument(info);
}
