// Typed errors thrown by services and routes; app.onError maps them to Mastodon's {"error": ...} shape.
export class ApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 410 | 413 | 422 | 429 | 500 | 503,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export class BadRequestError extends ApiError {
  constructor(message = 'Bad request') {
    super(400, message);
  }
}

export class UnauthorizedError extends ApiError {
  constructor(message = 'The access token is invalid') {
    super(401, message);
  }
}

export class ForbiddenError extends ApiError {
  constructor(message = 'This action is not allowed') {
    super(403, message);
  }
}

export class NotFoundError extends ApiError {
  constructor(message = 'Record not found') {
    super(404, message);
  }
}

export class ValidationError extends ApiError {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(422, message, field ? { field } : undefined);
  }
}

export class ConflictError extends ApiError {
  constructor(message: string) {
    super(409, message);
  }
}

export class RateLimitedError extends ApiError {
  constructor(
    readonly retryAfterSeconds: number,
    message = 'Too many requests',
  ) {
    super(429, message);
  }
}

export class UnavailableError extends ApiError {
  constructor(
    message: string,
    readonly retryAfterSeconds = 60,
  ) {
    super(503, message);
  }
}
