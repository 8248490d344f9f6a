import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../http/public.decorator';
import { sessionsConfig } from '../sessions/sessions.config';
import { httpConfig } from '../http/http.config';
import { usersConfig } from '../users/users.config';

class HealthDto {
  @ApiProperty({ enum: ['ok', 'degraded'] })
  status: 'ok' | 'degraded';

  @ApiProperty({ enum: ['up', 'down'] })
  database: 'up' | 'down';
}

class PortalConfigDto {
  @ApiProperty()
  productName: string;

  @ApiProperty({ description: 'The support page linked from the usage settings.' })
  supportUrl: string;

  @ApiProperty({
    description: 'The support page on multi-factor authentication (SUPPORT_URL_MFA).',
  })
  supportUrlMfa: string;

  @ApiProperty({ description: 'The support page on changing the password (SUPPORT_URL_PASSWORD).' })
  supportUrlPassword: string;

  @ApiProperty({
    description: 'How long an issued temporary password can be used (TEMP_PASSWORD_DAYS).',
  })
  temporaryPasswordDays: number;

  @ApiProperty({
    description: 'Minutes without a request after which a session ends (SESSION_IDLE_MINUTES).',
  })
  sessionIdleMinutes: number;
}

@ApiTags('system')
@Controller()
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(httpConfig.KEY) private readonly http: ConfigType<typeof httpConfig>,
    @Inject(sessionsConfig.KEY) private readonly sessions: ConfigType<typeof sessionsConfig>,
    @Inject(usersConfig.KEY) private readonly users: ConfigType<typeof usersConfig>,
  ) {}

  @Public()
  @Get('health')
  @ApiOperation({ summary: 'Liveness and database reachability, for load balancers.' })
  @ApiOkResponse({ type: HealthDto })
  async health(@Res({ passthrough: true }) res: Response): Promise<HealthDto> {
    try {
      await this.dataSource.query('SELECT 1');
      return { status: 'ok', database: 'up' };
    } catch {
      res.status(HttpStatus.SERVICE_UNAVAILABLE);
      return { status: 'degraded', database: 'down' };
    }
  }

  @Public()
  @Get('config')
  @ApiOperation({ summary: 'Public settings the client needs before sign-in.' })
  @ApiOkResponse({ type: PortalConfigDto })
  config(): PortalConfigDto {
    return {
      productName: this.http.productName,
      supportUrl: this.http.supportUrl,
      supportUrlMfa: this.http.supportUrlMfa,
      supportUrlPassword: this.http.supportUrlPassword,
      temporaryPasswordDays: this.users.temporaryPasswordDays,
      sessionIdleMinutes: this.sessions.idleTimeoutMs / 60_000,
    };
  }
}
