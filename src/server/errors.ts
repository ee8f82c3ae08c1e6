import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { UserError } from '../errors.js';
import { HubError, type HubErrorCode } from '../hub/platform/errors.js';

/** The one error shape of the API. */
export interface ApiError {
  error: { code: string; message: string; details?: unknown };
}

export const STATUS: Record<HubErrorCode, number> = {
  validation: 400,
  unauthenticated: 401,
  email_not_verified: 403,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported_type: 415,
  rate_limited: 429,
};

export function sendError(reply: FastifyReply, status: number, code: string, message: string, details?: unknown) {
  const body: ApiError = { error: { code, message, ...(details !== undefined && { details }) } };
  return reply.status(status).type('application/json').send(body);
}

/** Maps what a request can fail with to a status and the error shape; unexpected errors are logged, not shown. */
export function errorHandler(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof HubError) {
    if (error.details?.retryAfterSeconds) reply.header('retry-after', String(error.details.retryAfterSeconds));
    return sendError(reply, STATUS[error.code], error.code, error.message, error.details);
  }
  if (error instanceof UserError) {
    return sendError(reply, 400, 'validation', error.message, { issues: [{ field: error.where?.field ?? '(body)', message: error.message }] });
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = (error as FastifyError).validationContext ?? 'body';
    // an unknown field is named itself (zod reports it on the object holding it)
    const issues = error.validation.flatMap((v) => {
      const keys = v.keyword === 'unrecognized_keys' ? ((v.params as { keys?: string[] }).keys ?? []) : [];
      const at = (path: string) => ({ field: fieldOf(where, path), message: v.message ?? 'is invalid' });
      return keys.length ? keys.map((k) => at(`${v.instancePath.replace(/\/$/, '')}/${k}`)) : [at(v.instancePath)];
    });
    return sendError(reply, 400, 'validation', `${issues[0].field}: ${issues[0].message}`, { issues });
  }
  const dbCode = (error as { code?: unknown }).code;
  if (typeof dbCode === 'string' && /^22[0-9A-Z]{3}$/.test(dbCode)) {
    // PostgreSQL's data exceptions (class 22: a character it cannot store, a value out of range…) are the input's fault
    request.log.warn({ code: dbCode, message: error.message }, 'the database refused a value');
    return sendError(reply, 400, 'validation', `a value was refused: ${error.message}`, { issues: [{ field: '(body)', message: error.message }] });
  }
  const fe = error as FastifyError;
  if (fe.statusCode === 429) return sendError(reply, 429, 'rate_limited', 'too many requests: wait a minute and try again');
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    // Fastify's own refusals: unparsable JSON, wrong content type, body too large
    const code = fe.statusCode === 413 ? 'payload_too_large' : fe.statusCode === 415 ? 'unsupported_media_type' : 'bad_request';
    return sendError(reply, fe.statusCode, code, fe.message, { issues: [{ field: '(body)', message: fe.message }] });
  }
  request.log.error({ err: error }, 'request failed');
  return sendError(reply, 500, 'internal', 'something went wrong on our side; the error was logged');
}

function fieldOf(where: string, instancePath: string): string {
  const path = instancePath
    .split('/')
    .filter(Boolean)
    .map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`))
    .join('')
    .replace(/^\./, '');
  return path || (where === 'body' ? '(body)' : `(${where})`);
}
