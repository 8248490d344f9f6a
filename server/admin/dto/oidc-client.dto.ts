import { ApiProperty } from '@nestjs/swagger';

/**
 * An application (OpenID Connect client) as the contract's administrators see it: what it is and
 * how it signs their accounts in, never its secret (only its SHA-256 is stored anyway).
 */
export class AdminOidcClientDto {
  @ApiProperty({ example: 'Wiki' }) name: string;
  @ApiProperty({ description: 'The client_id (public: it is in every authorization request).' })
  clientId: string;
  @ApiProperty({
    enum: ['confidential', 'public'],
    description: 'confidential: authenticates with a secret; public: PKCE alone (apps).',
  })
  type: 'confidential' | 'public';
  @ApiProperty({ type: [String] }) redirectUris: string[];
  @ApiProperty({
    enum: ['contract', 'all'],
    description:
      'contract: bound to this contract (only its accounts may sign in); all: not bound to a contract, open to the accounts of every contract.',
  })
  scope: 'contract' | 'all';
  @ApiProperty({ description: 'A consent screen before the first sign-in (--consent).' })
  consent: boolean;
  @ApiProperty({ description: 'The MFA step is mandatory for this application (--require-mfa).' })
  requireMfa: boolean;
  @ApiProperty({ description: 'Disabled by the operator: nobody can sign in to it.' })
  disabled: boolean;
}
