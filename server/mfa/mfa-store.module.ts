import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MfaCredential } from './mfa-credential.entity';
import { MfaRecoveryCode } from './mfa-recovery-code.entity';
import { MfaRepository } from './mfa.repository';

/**
 * Owns `mfa_credentials` and `mfa_recovery_codes`, without HTTP or the MFA key: what an
 * administrator's reset needs, and what MfaModule builds on.
 */
@Module({
  imports: [TypeOrmModule.forFeature([MfaCredential, MfaRecoveryCode])],
  providers: [MfaRepository],
  exports: [MfaRepository],
})
export class MfaStoreModule {}
