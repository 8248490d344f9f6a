import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsObject, IsString, Matches, MaxLength, IsOptional } from 'class-validator';

const PASSWORD_LIMIT = 1024;
export const NAME_LIMIT = 64;

export class PasskeyDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'MacBook の Touch ID' })
  name: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  lastUsedAt: string | null;

  @ApiProperty({ description: 'The authenticator reports the key as backed up (synced).' })
  backedUp: boolean;
}

export class StartRegistrationDto {
  @ApiPropertyOptional({
    format: 'password',
    description: 'Needed unless this session typed it for another step in the last few minutes.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(PASSWORD_LIMIT, { context: { max: PASSWORD_LIMIT } })
  currentPassword?: string;
}

export class DeletePasskeyDto extends StartRegistrationDto {}

export class PasskeyNameDto {
  @ApiProperty({ maxLength: NAME_LIMIT, example: 'MacBook の Touch ID' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(NAME_LIMIT, { context: { max: NAME_LIMIT } })
  // Something visible: not only spaces or control characters.
  @Matches(/^(?!\s*$)[^\p{Cc}]+$/u)
  name: string;
}

export class FinishRegistrationDto extends PasskeyNameDto {
  @ApiProperty({
    type: Object,
    description:
      'The RegistrationResponseJSON of navigator.credentials.create (PublicKeyCredential.toJSON()).',
  })
  @IsObject()
  credential: Record<string, unknown>;
}

export class PasskeyAssertionDto {
  @ApiProperty({
    type: Object,
    description:
      'The AuthenticationResponseJSON of navigator.credentials.get (PublicKeyCredential.toJSON()).',
  })
  @IsObject()
  credential: Record<string, unknown>;
}
