/**
 * What the sandbox needs from HighLevel's specs besides request validation (which openapi.ts does): every
 * operation's method and path template (to route), its `security` alternatives (scheme + scopes, to enforce
 * scopes and token types) and the `Version` values it accepts (to explain a bad Version header).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { specDir } from './openapi.ts';

export interface SecurityAlternative {
  scheme: string;
  scopes: string[];
}

export interface SpecOperation {
  operationId: string;
  file: string;
  method: string;
  /** the spec's path template, e.g. `/contacts/{contactId}/tasks` */
  path: string;
  paramNames: string[];
  regex: RegExp;
  /** empty = the spec declares no security (a valid token is still required) */
  security: SecurityAlternative[];
  versions: string[];
}

export interface RouteMatch {
  op: SpecOperation;
  params: Record<string, string>;
}

const METHODS = new Set(['get', 'post', 'put', 'delete', 'patch']);

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class SpecOperations {
  readonly operations: SpecOperation[] = [];
  private readonly byMethod = new Map<string, SpecOperation[]>();

  constructor(dir = specDir()) {
    for (const file of readdirSync(join(dir, 'apps'))
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      const spec = JSON.parse(readFileSync(join(dir, 'apps', file), 'utf8'));
      for (const [path, item] of Object.entries<any>(spec.paths ?? {})) {
        for (const [method, op] of Object.entries<any>(item)) {
          if (!METHODS.has(method) || !op?.operationId) continue;
          const paramNames: string[] = [];
          const pattern = path
            .split(/(\{[^}]+\})/)
            .map((part) => {
              const m = /^\{([^}]+)\}$/.exec(part);
              if (!m) return escape(part);
              paramNames.push(m[1]!);
              return '([^/]+)';
            })
            .join('');
          const security: SecurityAlternative[] = [];
          for (const alt of op.security ?? []) {
            for (const [scheme, scopes] of Object.entries<string[]>(alt)) security.push({ scheme, scopes: scopes ?? [] });
          }
          const versionParam = (op.parameters ?? []).find((p: any) => p.in === 'header' && String(p.name).toLowerCase() === 'version');
          const operation: SpecOperation = {
            operationId: op.operationId,
            file,
            method: method.toUpperCase(),
            path,
            paramNames,
            regex: new RegExp(`^${pattern}$`),
            security,
            versions: versionParam?.schema?.enum ?? [],
          };
          this.operations.push(operation);
          const list = this.byMethod.get(operation.method) ?? [];
          list.push(operation);
          this.byMethod.set(operation.method, list);
        }
      }
    }
    // A literal segment wins over a parameter: /calendars/events before /calendars/{calendarId}.
    for (const list of this.byMethod.values())
      list.sort((a, b) => a.paramNames.length - b.paramNames.length || b.path.length - a.path.length);
  }

  match(method: string, path: string): RouteMatch | undefined {
    for (const op of this.byMethod.get(method.toUpperCase()) ?? []) {
      const m = op.regex.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      op.paramNames.forEach((name, i) => {
        params[name] = decodeURIComponent(m[i + 1]!);
      });
      return { op, params };
    }
    return undefined;
  }

  byId(operationId: string): SpecOperation | undefined {
    return this.operations.find((o) => o.operationId === operationId);
  }
}

let shared: SpecOperations | undefined;
export function specOperations(): SpecOperations {
  return (shared ??= new SpecOperations());
}
