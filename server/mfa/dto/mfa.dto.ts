import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength, IsOptional } from 'class-validator';

// Generous bounds: the service decides whether a code is right; these keep absurd input out.
const CODE_LIMIT = 32;
const PASSWORD_LIMIT = 4096;

export class MfaCodeDto {
  @ApiProperty({ example: '123456', description: 'The 6-digit code of the authenticator app.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(CODE_LIMIT, { context: { max: CODE_LIMIT } })
  code: string;
}

export class RecoveryCodeDto {
  @ApiProperty({ example: 'k7hm-2qpx-9tdn', description: 'One of the ten recovery codes.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(CODE_LIMIT, { context: { max: CODE_LIMIT } })
  recoveryCode: string;
}

export class CurrentPasswordDto {
  @ApiPropertyOptional({
    format: 'password',
    description: 'Needed unless this session typed it for another step in the last few minutes.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(PASSWORD_LIMIT, { context: { max: PASSWORD_LIMIT } })
  currentPassword?: string;
}

export class MfaStatusDto {
  @ApiProperty()
  enabled: boolean;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  enabledAt: string | null;

  @ApiProperty({ description: 'Unused recovery codes; 0 while MFA is off.' })
  recoveryCodesRemaining: number;
}

export class MfaEnrollmentDto {
  @ApiProperty({ description: 'data:image/svg+xml URL of a QR code of `otpauthUri`.' })
  qrCodeDataUrl: string;

  @ApiProperty({ example: 'JBSW Y3DP EHPK 3PXP ...', description: 'The secret in groups of four.' })
  key: string;

  @ApiProperty({ example: 'otpauth://totp/Tobira:alice?issuer=Tobira&secret=...' })
  otpauthUri: string;
}

export class RecoveryCodesDto {
  @ApiProperty({ type: [String], description: 'Shown once; only their hashes are kept.' })
  recoveryCodes: string[];
}
