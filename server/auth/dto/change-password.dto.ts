import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

// The policy itself reports MAX_LENGTH with its configured limit; this bound only keeps absurd
// inputs away from the hasher.
const HARD_LIMIT = 4096;

export class ChangePasswordDto {
  @ApiProperty({ format: 'password' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(HARD_LIMIT, { context: { max: HARD_LIMIT } })
  currentPassword: string;

  @ApiProperty({ format: 'password' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(HARD_LIMIT, { context: { max: HARD_LIMIT } })
  newPassword: string;

  @ApiProperty({ format: 'password', description: 'The new password typed a second time.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(HARD_LIMIT, { context: { max: HARD_LIMIT } })
  newPasswordConfirmation: string;
}
