import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '../../users/user.entity';
import type { Principal } from '../authenticated-request';

export class SessionDto {
  @ApiProperty()
  username: string;

  @ApiProperty({ enum: ROLES })
  role: Role;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '2027-03-31',
    description: 'アカウント有効期限',
  })
  expiresOn: string | null;

  @ApiProperty({ description: 'True while the password is the temporary one that was issued.' })
  passwordChangeRequired: boolean;

  @ApiProperty({
    description:
      'True after the right password of an account with MFA on: only the code step and sign-out answer until a code is accepted.',
  })
  mfaRequired: boolean;

  static from(
    principal: Pick<Principal, 'username' | 'role' | 'expiresOn' | 'passwordIsTemporary'> &
      Partial<Pick<Principal, 'mfaPending'>>,
  ): SessionDto {
    return {
      username: principal.username,
      role: principal.role,
      expiresOn: principal.expiresOn,
      passwordChangeRequired: principal.passwordIsTemporary,
      mfaRequired: principal.mfaPending ?? false,
    };
  }
}

export class SignedOutDto {
  @ApiProperty()
  signedOut: true;
}
