import { HttpErrorResponse } from '@angular/common/http';

/** One field problem of a 400 answer (docs/api.md, "Errors"). */
export interface ApiFieldError {
  readonly field: string;
  readonly code: string;
  readonly message: string;
}

/** The body of every error answer of the server. */
export interface ApiError {
  readonly statusCode: number;
  readonly code: string;
  readonly message: string;
  readonly errors: readonly ApiFieldError[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function toFieldError(value: unknown): ApiFieldError | null {
  if (!isRecord(value)) return null;
  const { field, code, message } = value;
  if (typeof field !== 'string' || typeof code !== 'string') return null;
  return { field, code, message: typeof message === 'string' ? message : '' };
}

/**
 * Reads the server's error body out of a failed request, or null when the failure carries none
 * (network error, a proxy's HTML page).
 */
export function apiErrorOf(error: unknown): ApiError | null {
  if (!(error instanceof HttpErrorResponse) || !isRecord(error.error)) return null;
  const { code, message, errors } = error.error;
  if (typeof code !== 'string') return null;
  return {
    statusCode: error.status,
    code,
    message: typeof message === 'string' ? message : '',
    errors: Array.isArray(errors)
      ? errors.map(toFieldError).filter((e): e is ApiFieldError => e !== null)
      : [],
  };
}
