import { Controller, Get } from '@nestjs/common';
import { ApiCookieAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '../sessions/authenticated-request';
import { AuditService } from './audit.service';
import { ActivityDto } from './dto/activity.dto';

@ApiTags('activity')
@ApiCookieAuth()
@Controller('activity')
export class ActivityController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({
    summary: 'The signed-in account’s recent security events (最近のアクティビティ).',
  })
  @ApiOkResponse({ type: [ActivityDto] })
  recent(@CurrentPrincipal() principal: Principal): Promise<ActivityDto[]> {
    return this.audit.recentActivity(principal.userId);
  }
}
