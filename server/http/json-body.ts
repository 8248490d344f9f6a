import {
  Body,
  type CanActivate,
  type ExecutionContext,
  Injectable,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AppError } from './app-error';

const ACCEPTS_BODY = 'tobira:acceptsBody';

/**
 * `@Body()` that also marks its handler as one that takes a body. The ValidationPipe refuses
 * unknown fields of a body it validates; a handler without a body parameter never sees its body,
 * so without the mark an unexpected body would pass unnoticed (RejectUnexpectedBody refuses it).
 */
export function JsonBody(): ParameterDecorator {
  const body = Body();
  return (target, key, index) => {
    body(target, key, index);
    if (key !== undefined) {
      const handler = (target as Record<string | symbol, unknown>)[key];
      if (typeof handler === 'function') Reflect.defineMetadata(ACCEPTS_BODY, true, handler);
    }
  };
}

/** For a handler whose body is checked elsewhere (the login route's LocalAuthGuard). */
export const BodyCheckedByGuard = () => SetMetadata(ACCEPTS_BODY, true);

/** Refuses a body, naming its fields, on every route that takes none. */
@Injectable()
export class RejectUnexpectedBody implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const body: unknown = context.switchToHttp().getRequest<Request>().body;
    if (body === undefined || body === null) return true;
    const fields = typeof body === 'object' ? Object.keys(body) : [''];
    if (fields.length === 0 && !Array.isArray(body)) return true;
    if (this.reflector.get<boolean>(ACCEPTS_BODY, context.getHandler())) return true;
    throw new AppError(
      'VALIDATION_FAILED',
      (fields.length > 0 ? fields : ['']).map((field) => ({ field, code: 'UNKNOWN_FIELD' })),
    );
  }
}
