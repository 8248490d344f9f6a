import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../http/public.decorator';
import { httpConfig } from '../http/http.config';
import { GracefulShutdown } from './shutdown';

class HealthDto {
  @ApiProperty({ enum: ['ok', 'degraded'] })
  status: 'ok' | 'degraded';

  @ApiProperty({ enum: ['up', 'down'] })
  database: 'up' | 'down';
}

class LiveDto {
  @ApiProperty({ enum: ['ok'] })
  status: 'ok';
}

class ReadyDto {
  @ApiProperty({ enum: ['ready', 'not_ready'] })
  status: 'ready' | 'not_ready';

  @ApiProperty({ enum: ['up', 'down'] })
  database: 'up' | 'down';

  @ApiProperty({ enum: ['done', 'pending', 'unknown'] })
  migrations: 'done' | 'pending' | 'unknown';

  @ApiProperty({ description: 'The server is stopping (SIGTERM): finishing its requests.' })
  stopping: boolean;
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
    private readonly shutdown: GracefulShutdown,
  ) {}

  @Public()
  @Get('health')
  @ApiOperation({
    summary: 'Database reachability (kept for existing checks: prefer live and ready).',
  })
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
  @Get('health/live')
  @ApiOperation({
    summary: 'Liveness: the process answers. Nothing else is checked: restart only a hung process.',
  })
  @ApiOkResponse({ type: LiveDto })
  live(): LiveDto {
    return { status: 'ok' };
  }

  @Public()
  @Get('health/ready')
  @ApiOperation({
    summary:
      'Readiness: the database answers, every migration is applied and the server is not stopping; 503 otherwise.',
  })
  @ApiOkResponse({ type: ReadyDto })
  async ready(@Res({ passthrough: true }) res: Response): Promise<ReadyDto> {
    let database: ReadyDto['database'] = 'up';
    let migrations: ReadyDto['migrations'] = 'unknown';
    try {
      await this.dataSource.query('SELECT 1');
      migrations = (await this.dataSource.showMigrations()) ? 'pending' : 'done';
    } catch {
      database = 'down';
    }
    const stopping = this.shutdown.isDraining;
    const ready = database === 'up' && migrations === 'done' && !stopping;
    if (!ready) res.status(HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ready ? 'ready' : 'not_ready', database, migrations, stopping };
  }

  @Public()
  @Get('config')
  @ApiOperation({ summary: 'Public settings the client needs before sign-in.' })
  @ApiOkResponse({ type: PortalConfigDto })
  config(): PortalConfigDto {
    return { productName: this.http.productName, supportUrl: this.http.supportUrl };
  }
}
