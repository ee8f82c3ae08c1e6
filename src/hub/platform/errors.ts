/**
 * What a hub operation refuses, and why. Adapters map the code to an HTTP status or an exit code;
 * `details` names the field(s) at fault.
 */
export type HubErrorCode =
  | 'validation'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'email_not_verified'
  | 'too_large'
  | 'unsupported_type';

export interface FieldIssue {
  field: string;
  message: string;
  /** Where in an uploaded file, when the field is a file. */
  line?: number;
  column?: number | string;
}

export class HubError extends Error {
  constructor(
    readonly code: HubErrorCode,
    message: string,
    readonly details?: { issues?: FieldIssue[]; retryAfterSeconds?: number },
  ) {
    super(message);
    this.name = 'HubError';
  }
}

export function invalid(field: string, message: string): HubError {
  return new HubError('validation', `${field}: ${message}`, { issues: [{ field, message }] });
}

export function notFound(what: string): HubError {
  return new HubError('not_found', `${what} not found`);
}
