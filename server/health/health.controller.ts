import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../http/public.decorator';
import { httpConfig } from '../http/http.config';

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
}

@ApiTags('system')
@Controller()
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(httpConfig.KEY) private readonly http: ConfigType<typeof httpConfig>,
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
    return { productName: this.http.productName, supportUrl: this.http.supportUrl };
  }
}
