import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/** The current password again, before an action that affects how the account signs in. */
export class ConfirmPasswordDto {
  @ApiPropertyOptional({
    format: 'password',
    description: 'Needed unless this session typed it for another step in the last few minutes.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(1024, { context: { max: 1024 } })
  currentPassword?: string;
}
