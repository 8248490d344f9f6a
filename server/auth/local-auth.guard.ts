import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Request } from 'express';
import { AppError } from '../http/app-error';
import { toFieldProblems } from '../http/validation';
import { LoginDto } from './dto/login.dto';
import { authError } from './auth.errors';

/**
 * Guards run before pipes, so the login body is checked here, with the same rules and error shape
 * as the ValidationPipe, before passport-local sees it.
 */
@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const body: unknown = context.switchToHttp().getRequest<Request>().body;
    const dto = plainToInstance(LoginDto, typeof body === 'object' && body !== null ? body : {});
    const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length > 0) throw new AppError('VALIDATION_FAILED', toFieldProblems(errors));
    return (await super.canActivate(context)) as boolean;
  }

  // Passport's own failures (e.g. missing fields) never get here past the check above; any other
  // error is the AppError thrown by the strategy.
  override handleRequest<TUser>(error: unknown, user: TUser | false): TUser {
    if (error instanceof Error) throw error;
    if (!user) throw authError('INVALID_CREDENTIALS');
    return user;
  }
}
