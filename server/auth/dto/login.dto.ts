import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'yamada', maxLength: 64 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64, { context: { max: 64 } })
  username: string;

  @ApiProperty({ format: 'password', maxLength: 1024 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1024, { context: { max: 1024 } })
  password: string;
}
