/**
 * The vendor contract: HighLevel's own OpenAPI specs (sandbox/ghl-openapi, unmodified CC0 copies; see its SOURCE.md) loaded into
 * openapi-backend, which matches a request to its operation and validates path, query, headers (the `Version`
 * enum) and body with Ajv. The unit tests check every request nock sees with it, and the sandbox answers
 * with it, so a request the live API would reject fails here first.
 *
 * Two adjustments are made in memory, both to make the check as strict as the live API:
 * - request objects become `additionalProperties: false` — HighLevel answers unknown body properties with
 *   422 "property X should not exist", but the specs never say so;
 * - the spec leaves the contact search body empty (`SearchBodyV2DTO: {}`), so its schema below follows
 *   docs/contacts.md, "Search" (HighLevel's search doc, issues #31/#170).
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OpenAPIBackend } from 'openapi-backend';

const here = dirname(fileURLToPath(import.meta.url));

/** The specs shipped with the repository (sandbox/ghl-openapi), or GHL_OPENAPI_DIR to check against another snapshot. */
export function specDir(): string {
  const dir = process.env.GHL_OPENAPI_DIR || join(here, 'ghl-openapi');
  if (!existsSync(join(dir, 'apps'))) throw new Error(`HighLevel OpenAPI specs not found in ${dir} (expected apps/ and common/)`);
  return dir;
}

/** HighLevel's search takes no string value (nor `query`) longer than 75 characters: 422. */
const SEARCH_TEXT_MAX = 75;
const filterValue = {
  anyOf: [
    { type: ['string', 'number', 'boolean'], maxLength: SEARCH_TEXT_MAX },
    { type: 'array', items: { type: ['string', 'number'], maxLength: SEARCH_TEXT_MAX } },
    {
      type: 'object',
      additionalProperties: false,
      properties: { gte: {}, lte: {}, gt: {}, lt: {} },
    },
  ],
};
const searchFilter = {
  type: 'object',
  additionalProperties: false,
  required: ['field', 'operator'],
  properties: {
    field: { type: 'string', not: { const: 'contact_name' } },
    operator: { enum: ['eq', 'not_eq', 'contains', 'not_contains', 'exists', 'not_exists', 'range'] },
    value: filterValue,
  },
};
/** The contact search body as documented by HighLevel's search doc (the spec's schema is empty). */
export const contactSearchBody = {
  type: 'object',
  additionalProperties: false,
  required: ['locationId', 'pageLimit'],
  properties: {
    locationId: { type: 'string', minLength: 1 },
    pageLimit: { type: 'integer', minimum: 1, maximum: 500 },
    page: { type: 'integer', minimum: 1 },
    searchAfter: { type: 'array' },
    query: { type: 'string', maxLength: SEARCH_TEXT_MAX },
    filters: {
      type: 'array',
      items: {
        anyOf: [
          searchFilter,
          {
            type: 'object',
            additionalProperties: false,
            required: ['group', 'filters'],
            properties: { group: { enum: ['AND', 'OR'] }, filters: { type: 'array', items: searchFilter } },
          },
        ],
      },
    },
    sort: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['field', 'direction'],
        properties: { field: { type: 'string' }, direction: { enum: ['asc', 'desc'] } },
      },
    },
  },
  not: { required: ['page', 'searchAfter'] },
};

type Json = any;

function collectAllOfRefs(node: Json, out: Set<string>): void {
  if (Array.isArray(node)) return node.forEach((n) => collectAllOfRefs(n, out));
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node.allOf)) for (const part of node.allOf) if (part.$ref) out.add(part.$ref);
  for (const v of Object.values(node)) collectAllOfRefs(v, out);
}

/**
 * Where a schema says `type: object` with no properties yet its own example is a string or a number, the example is
 * right: contact `dateOfBirth` ("1990-09-25", formats listed in its description) and the NUMERICAL/MONETORY custom
 * field `field_value` (100, 100.5; highlevel-api.md §4.4) are sent that way to the live API.
 */
function typeFromExample(node: Json): void {
  if (Array.isArray(node)) return node.forEach(typeFromExample);
  if (!node || typeof node !== 'object') return;
  const ex = node.example;
  if (node.type === 'object' && !node.properties && (typeof ex === 'string' || typeof ex === 'number')) node.type = typeof ex;
  for (const v of Object.values(node)) typeFromExample(v);
}

/** Closes every object schema that lists its properties, except parts of an allOf (which must stay open). */
function closeObjects(node: Json): void {
  if (Array.isArray(node)) return node.forEach(closeObjects);
  if (!node || typeof node !== 'object') return;
  if (node.properties && node.additionalProperties === undefined && !node.allOf) node.additionalProperties = false;
  for (const [k, v] of Object.entries(node)) if (k !== 'allOf') closeObjects(v);
}

function prepare(spec: Json, common: Json, file: string): Json {
  const text = JSON.stringify(spec).replaceAll('../common/common-schemas.json#/components/schemas/', '#/components/schemas/');
  const doc = JSON.parse(text);
  doc.components ??= {};
  doc.components.schemas = { ...common.components.schemas, ...doc.components.schemas };
  if (file === 'contacts.json') {
    doc.components.schemas.SearchBodyV2DTO = contactSearchBody;
    // The bulk tag path has a `{type}` segment the spec never declares; HighLevel's docs name add and remove.
    doc.paths['/contacts/bulk/tags/update/{type}']?.post?.parameters?.push({
      name: 'type',
      in: 'path',
      required: true,
      schema: { enum: ['add', 'remove'] },
    });
  }
  typeFromExample(doc.components.schemas);
  const openParts = new Set<string>();
  collectAllOfRefs(doc, openParts);
  for (const [name, schema] of Object.entries<Json>(doc.components.schemas)) {
    if (!openParts.has(`#/components/schemas/${name}`)) closeObjects(schema);
  }
  return doc;
}

export interface SpecRequest {
  method: string;
  path: string;
  query?: Record<string, string | string[]>;
  headers?: Record<string, string | string[] | undefined>;
  body?: unknown;
}

export interface SpecCheck {
  operationId?: string;
  /** the spec file the operation is in, e.g. `calendars.json` */
  file?: string;
  errors: string[];
}

export class HighLevelSpec {
  private readonly apis: { file: string; api: OpenAPIBackend }[];

  constructor(dir = specDir()) {
    const common = JSON.parse(readFileSync(join(dir, 'common/common-schemas.json'), 'utf8'));
    this.apis = readdirSync(join(dir, 'apps'))
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((file) => {
        const definition = prepare(JSON.parse(readFileSync(join(dir, 'apps', file), 'utf8')), common, file);
        const api = new OpenAPIBackend({
          definition,
          ignoreTrailingSlashes: false,
          quick: true,
          validate: true,
          ajvOpts: { strict: false, allErrors: true },
        });
        api.init();
        return { file, api };
      });
  }

  /** Finds the spec operation for a request and lists everything about the request the spec forbids. */
  check(req: SpecRequest): SpecCheck {
    const method = req.method.toLowerCase();
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers ?? {})) if (v !== undefined) headers[k.toLowerCase()] = String(v);
    const request = { method, path: req.path, query: req.query ?? {}, headers, body: req.body };
    for (const { file, api } of this.apis) {
      const operation = api.matchOperation(request as any);
      if (!operation) continue;
      const result = api.validateRequest(request as any, operation);
      const errors = (result.errors ?? []).map(
        (e: any) => `${e.instancePath || '(root)'} ${e.message}${e.params?.additionalProperty ? `: ${e.params.additionalProperty}` : ''}`,
      );
      return { operationId: operation.operationId, file, errors };
    }
    return { errors: [`${req.method.toUpperCase()} ${req.path} is not an operation of the HighLevel API v2 spec`] };
  }
}

let shared: HighLevelSpec | undefined;
/** One loaded contract per process (loading compiles nothing up front: Ajv compiles per operation on use). */
export function highLevelSpec(): HighLevelSpec {
  return (shared ??= new HighLevelSpec());
}
