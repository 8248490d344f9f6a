import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PagingQueryDto } from '../../http/paging.dto';

/** A kind ("sign_in.failed") or the part before its dot ("sign_in", "account"). */
export const KIND_FILTER = /^[a-z_]{1,32}(\.[a-z_]{1,32})?$/;

export class SecurityLogQueryDto extends PagingQueryDto {
  @ApiPropertyOptional({
    description: 'A kind (sign_in.failed) or a kind prefix (sign_in, account, mfa).',
    example: 'sign_in',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64, { context: { max: 64 } })
  @Matches(KIND_FILTER)
  kind?: string;

  @ApiPropertyOptional({
    description: 'The acting or the affected account (whole username, case-insensitive).',
    maxLength: 64,
  })
  @IsOptional()
  @IsString()
  @MaxLength(64, { context: { max: 64 } })
  username?: string;

  @ApiPropertyOptional({
    description: 'First day, YYYY-MM-DD, in the service time zone (inclusive).',
    example: '2026-11-01',
  })
  @IsOptional()
  @IsString()
  @MaxLength(10, { context: { max: 10 } })
  from?: string;

  @ApiPropertyOptional({
    description: 'Last day, YYYY-MM-DD, in the service time zone (inclusive).',
    example: '2026-11-30',
  })
  @IsOptional()
  @IsString()
  @MaxLength(10, { context: { max: 10 } })
  to?: string;
}

export class SecurityLogEventDto {
  @ApiProperty({ description: 'Stable identifier of the record.' }) id: string;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({ example: 'sign_in.failed' }) kind: string;
  @ApiProperty({ enum: ['user', 'admin', 'operator', 'system'] }) actorKind: string;
  @ApiProperty({ type: String, nullable: true }) actorUsername: string | null;
  @ApiProperty({ type: String, nullable: true }) targetUsername: string | null;
  @ApiProperty({ type: String, nullable: true }) ipAddress: string | null;
  @ApiProperty({ type: String, nullable: true }) userAgent: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'Chrome 131 (Windows)',
    description:
      'The browser and system the server read from userAgent; null when it knows neither.',
  })
  device: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { reason: 'wrong_password' },
  })
  detail: Record<string, unknown>;
}

export class SecurityLogPageDto {
  @ApiProperty({ type: [SecurityLogEventDto], description: 'Newest first.' })
  items: SecurityLogEventDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
