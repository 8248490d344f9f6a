import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** The current password again, before an action that affects how the account signs in. */
export class ConfirmPasswordDto {
  @ApiProperty({ format: 'password' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1024, { context: { max: 1024 } })
  currentPassword: string;
}
