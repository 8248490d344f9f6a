import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  BruteForceService,
  type Reservation,
  type WindowRow,
} from '../brute-force/brute-force.service';
import { pgPool } from '../database/pg-pool';
import { mfaEnabledSql } from '../mfa/mfa.sql';
import { accountEndsOnSql } from '../organizations/contract-dates.sql';
import type { Role, User } from '../users/user.entity';

/** What sign-in knows of an account; expiresOn is already the earlier of its own and its contract's. */
export type SignInAccount = Pick<
  User,
  | 'id'
  | 'username'
  | 'role'
  | 'organizationId'
  | 'passwordHash'
  | 'passwordIsTemporary'
  | 'temporaryPasswordExpiresAt'
  | 'disabled'
  | 'expiresOn'
> & {
  /** Signing in needs the MFA code step. */
  mfaEnabled: boolean;
};

interface SignInRow {
  id: string | null;
  username: string;
  role: Role;
  organization_id: string;
  password_hash: string;
  password_is_temporary: boolean;
  temporary_password_expires_at: Date | null;
  disabled: boolean;
  expires_on: string | null;
  mfa_enabled: boolean;
  address_failures: number | null;
  address_first_failure_at: Date | null;
  address_admitted: boolean | null;
  account_admitted: boolean | null;
  account_failures: number | null;
  account_locked: boolean | null;
  account_locked_now: boolean | null;
}

/**
 * The first statement of every sign-in: it reads the account across its owners' tables (through
 * their SQL fragments) and reserves the attempt in the attempt gate's.
 */
@Injectable()
export class SignInQuery {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly bruteForce: BruteForceService,
  ) {}

  /**
   * The account (its contract's end folded into expiresOn, whether MFA is on) and this attempt's
   * reservations on the address and the account, in one round trip: sign-in is the hot path whose
   * only real cost should be the hash. A named prepared statement, planned once per connection.
   */
  async reserve(
    username: string,
    address: string | null,
  ): Promise<{
    account: SignInAccount | null;
    address: WindowRow | null;
    reservation: Reservation | null;
  }> {
    const { rows } = await pgPool(this.dataSource).query<SignInRow>({
      name: 'tobira_sign_in_attempt',
      text: `WITH account AS (
               SELECT u.id, u.username, u.role, u.organization_id, u.password_hash,
                      u.password_is_temporary, u.temporary_password_expires_at, u.disabled,
                      to_char(${accountEndsOnSql('u', 'o')}, 'YYYY-MM-DD') AS expires_on,
                      ${mfaEnabledSql('u.id')} AS mfa_enabled
                 FROM users u JOIN organizations o ON o.id = u.organization_id
                WHERE lower(u.username) = lower($1)),
             ${this.bruteForce.signInReservationSql('$2::text', 'account').join(',\n')}
             SELECT a.*,
                    aa.failures AS address_failures, aa.first_failure_at AS address_first_failure_at,
                    aa.admitted AS address_admitted,
                    ua.admitted AS account_admitted, ua.failures AS account_failures,
                    ua.locked AS account_locked, ua.locked_now AS account_locked_now
               FROM (SELECT 1) AS one
               LEFT JOIN account a ON true
               LEFT JOIN address_attempt aa ON true
               LEFT JOIN account_attempt ua ON true`,
      values: [username, address],
    });
    const row = rows[0];
    const account: SignInAccount | null = row.id
      ? {
          id: row.id,
          username: row.username,
          role: row.role,
          organizationId: row.organization_id,
          passwordHash: row.password_hash,
          passwordIsTemporary: row.password_is_temporary,
          temporaryPasswordExpiresAt: row.temporary_password_expires_at,
          disabled: row.disabled,
          expiresOn: row.expires_on,
          mfaEnabled: row.mfa_enabled,
        }
      : null;
    return {
      account,
      address:
        row.address_failures === null
          ? null
          : {
              failures: row.address_failures,
              first_failure_at: row.address_first_failure_at!,
              admitted: row.address_admitted!,
            },
      reservation:
        account && row.account_admitted !== null
          ? this.bruteForce.reservationOf('account', account.id, {
              admitted: row.account_admitted,
              failures: row.account_failures ?? 0,
              locked: row.account_locked ?? false,
              locked_now: row.account_locked_now ?? false,
            })
          : null,
    };
  }
}
