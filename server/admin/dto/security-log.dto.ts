import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { ActivityDto } from '../../audit/dto/activity.dto';
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

/** An event of the contract's log: what the account's own activity page shows, plus whom it affected. */
export class SecurityLogEventDto extends ActivityDto {
  @ApiProperty({ description: 'Stable identifier of the record.' }) id: string;
  @ApiProperty({ type: String, nullable: true }) targetUsername: string | null;
}

export class SecurityLogPageDto {
  @ApiProperty({ type: [SecurityLogEventDto], description: 'Newest first.' })
  items: SecurityLogEventDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
