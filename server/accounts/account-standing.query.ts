import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { mfaEnabledSql } from '../mfa/mfa.sql';
import { accountEndsOnSql } from '../organizations/contract-dates.sql';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An account as a module that signs it in elsewhere needs it (the OpenID Connect provider): who it
 * is, its contract, and what decides whether it may be used now.
 */
export interface AccountStanding {
  id: string;
  username: string;
  organizationId: string;
  organizationName: string;
  disabled: boolean;
  /** The earlier of the account's and its contract's end. */
  expiresOn: string | null;
  passwordIsTemporary: boolean;
  /** Whether signing in needs a second factor (TOTP on, or a passkey registered). */
  mfaEnabled: boolean;
}

/**
 * A read model over the accounts' owners (users, organizations, mfa), each part from its owner's
 * SQL fragment, in one statement: it is read at every token the provider issues.
 */
@Injectable()
export class AccountStandingQuery {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The account of `userId`, or null (also for an id that is not one). */
  async find(userId: string): Promise<AccountStanding | null> {
    if (!UUID.test(userId)) return null;
    const rows: {
      id: string;
      username: string;
      organization_id: string;
      organization_name: string;
      disabled: boolean;
      expires_on: string | null;
      password_is_temporary: boolean;
      mfa_enabled: boolean;
    }[] = await this.dataSource.query(
      `SELECT u.id, u.username, u.organization_id, o.name AS organization_name, u.disabled,
              to_char(${accountEndsOnSql('u', 'o')}, 'YYYY-MM-DD') AS expires_on,
              u.password_is_temporary, ${mfaEnabledSql('u.id')} AS mfa_enabled
         FROM users u JOIN organizations o ON o.id = u.organization_id
        WHERE u.id = $1`,
      [userId],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      id: row.id,
      username: row.username,
      organizationId: row.organization_id,
      organizationName: row.organization_name,
      disabled: row.disabled,
      expiresOn: row.expires_on,
      passwordIsTemporary: row.password_is_temporary,
      mfaEnabled: row.mfa_enabled,
    };
  }
}
