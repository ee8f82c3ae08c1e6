import { z } from 'zod';
import { validatorCompiler } from 'fastify-type-provider-zod';
import type { FastifySchemaCompiler } from 'fastify';

/**
 * Bodies whose schema the route shows (in the OpenAPI document) but the hub service checks, after its permission
 * checks: a visitor who posts a malformed edit is told 401, not 400, as the service decides. One schema, one check.
 */
const checkedByService = new WeakSet<object>();

/** The body's schema as documented; validated by the service it is handed to. */
export function serviceChecked<S extends z.ZodType>(schema: S): S {
  const documented = schema.meta({}) as S;
  checkedByService.add(documented);
  return documented;
}

/** zod's validator, except for the bodies the services check. */
export const routeValidator: FastifySchemaCompiler<z.ZodType> = (route) =>
  checkedByService.has(route.schema as object) ? (data: unknown) => ({ value: data }) : validatorCompiler(route);

/** The answer of a route that answers 204 with no body (so the OpenAPI document shows none). */
export const NoContent = z.null().describe('No content');
