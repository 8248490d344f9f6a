import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsDefined,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { PagingQueryDto } from '../../http/paging.dto';
import { ROLES, type Role } from '../../users/user.entity';
import { ACCOUNT_STATES, type AccountState } from '../account-state';

export const ACCOUNT_SORTS = ['username', 'lastSignInAt', 'expiresOn', 'createdAt'] as const;
export type AccountSort = (typeof ACCOUNT_SORTS)[number];

export class ListAccountsQueryDto extends PagingQueryDto {
  @ApiPropertyOptional({ description: 'Part of the username (case-insensitive).', maxLength: 64 })
  @IsOptional()
  @IsString()
  @MaxLength(64, { context: { max: 64 } })
  q?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ enum: ACCOUNT_STATES })
  @IsOptional()
  @IsIn(ACCOUNT_STATES)
  state?: AccountState;

  @ApiPropertyOptional({ enum: ACCOUNT_SORTS, default: 'username' })
  @IsOptional()
  @IsIn(ACCOUNT_SORTS)
  sort?: AccountSort;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';
}

export class IssueAccountDto {
  @ApiProperty({ example: 'yamada', maxLength: 64 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64, { context: { max: 64 } })
  username: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @ApiPropertyOptional({ type: String, nullable: true, example: '2027-03-31' })
  @IsOptional()
  @IsString()
  @MaxLength(10, { context: { max: 10 } })
  expiresOn?: string | null;
}

export class BulkIssueDto {
  @ApiProperty({
    description: 'CSV: username, role (optional: user | admin), expiry YYYY-MM-DD (optional).',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500_000, { context: { max: 500_000 } })
  csv: string;
}

export class SetExpiryDto {
  @ApiProperty({
    type: String,
    nullable: true,
    example: '2027-03-31',
    description: 'null clears it',
  })
  @ValidateIf((o: SetExpiryDto) => o.expiresOn !== null)
  @IsDefined()
  @IsString()
  @MaxLength(10, { context: { max: 10 } })
  expiresOn: string | null;
}

export class SetRoleDto {
  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;
}

export class ContractDto {
  @ApiProperty() name: string;
  @ApiProperty() plan: string;
  @ApiProperty({ example: '2026-04-01' }) serviceStartsOn: string;
  @ApiProperty({ type: String, nullable: true }) serviceEndsOn: string | null;
}

export class AccountDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() username: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ enum: ACCOUNT_STATES }) state: AccountState;
  @ApiProperty({ type: String, nullable: true, description: "The account's own expiry date." })
  expiresOn: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: "The date that counts: the earlier of the account's and the contract's end.",
  })
  effectiveExpiresOn: string | null;
  @ApiProperty({ description: 'Whether multi-factor authentication is on.' })
  mfaEnabled: boolean;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) lastSignInAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class AccountPageDto {
  @ApiProperty({ type: [AccountDto] }) items: AccountDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class IssuedAccountDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() username: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ description: 'Shown once; never stored in clear.' }) temporaryPassword: string;
  @ApiProperty({ type: String, nullable: true }) expiresOn: string | null;
}

export class BulkIssuedDto {
  @ApiProperty({ type: [IssuedAccountDto] }) accounts: IssuedAccountDto[];
  @ApiProperty({ description: 'The account list as CSV (the same rows), for download once.' })
  csv: string;
}
