import { Controller, Get, Inject, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../http/public.decorator';
import { resolveLocale } from '../http/locale';
import { PasswordPolicyDto } from './dto/password-policy.dto';
import { PASSWORD_POLICY, type PasswordPolicy } from './password-policy';

@ApiTags('password policy')
@Controller('password-policy')
export class PasswordPolicyController {
  constructor(@Inject(PASSWORD_POLICY) private readonly policy: PasswordPolicy) {}

  @Public()
  @Get()
  @ApiOperation({
    summary: 'The active password rules, worded for the client, for its live checklist.',
  })
  @ApiOkResponse({ type: PasswordPolicyDto })
  describe(@Req() req: Request): PasswordPolicyDto {
    return this.policy.describe(resolveLocale(req));
  }
}
