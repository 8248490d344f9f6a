import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { escapeLike } from '../database/like';
import { pageOf } from '../http/paging.dto';
import { mfaEnabledSql } from '../mfa/mfa.sql';
import { passkeyCountSql } from '../passkeys/passkey-store';
import { accountEndsOnSql } from '../organizations/contract-dates.sql';
import type { Role } from '../users/user.entity';
import { accountLockedSql } from '../brute-force/attempt-gate.sql';
import { accountState, accountStateConditionSql } from './account-state';
import type { AccountDto, AccountPageDto, ListAccountsQueryDto } from './dto/admin.dto';
import type { TargetedAccount } from './target-account';

// Each order matches an index on (organization_id, column), read forwards or backwards, so a page
// is read in index order. "Never signed in" counts as the oldest sign-in; "no expiry" as the latest.
const SORT_ORDERS = {
  username: { asc: 'lower(u.username) ASC', desc: 'lower(u.username) DESC' },
  lastSignInAt: {
    asc: 'u.last_sign_in_at ASC NULLS FIRST',
    desc: 'u.last_sign_in_at DESC NULLS LAST',
  },
  expiresOn: { asc: 'u.expires_on ASC NULLS LAST', desc: 'u.expires_on DESC NULLS FIRST' },
  createdAt: { asc: 'u.created_at ASC', desc: 'u.created_at DESC' },
} as const;

interface AccountRow {
  id: string;
  username: string;
  role: Role;
  locked: boolean;
  disabled: boolean;
  password_is_temporary: boolean;
  expires_on: string | null;
  contract_ends_on: string | null;
  effective_expires_on: string | null;
  mfa_enabled: boolean;
  passkey_count: number;
  last_sign_in_at: Date | null;
  created_at: Date;
}

function toAccountDto(row: AccountRow, today: string): AccountDto {
  return {
    id: row.id,
    username: row.username,
    role: row.role,
    state: accountState(
      {
        locked: row.locked,
        disabled: row.disabled,
        effectiveExpiresOn: row.effective_expires_on,
        passwordIsTemporary: row.password_is_temporary,
      },
      today,
    ),
    expiresOn: row.expires_on,
    effectiveExpiresOn: row.effective_expires_on,
    mfaEnabled: row.mfa_enabled,
    passkeyCount: row.passkey_count,
    lastSignInAt: row.last_sign_in_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}

/** The columns of an account as an administrator sees it, and what its state is made of. */
const ACCOUNT_COLUMNS = `SELECT u.id, u.username, u.role, ${accountLockedSql('u.id')} AS locked,
                 u.disabled, u.password_is_temporary,
                 to_char(u.expires_on, 'YYYY-MM-DD') AS expires_on,
                 to_char(o.service_ends_on, 'YYYY-MM-DD') AS contract_ends_on,
                 to_char(${accountEndsOnSql('u', 'o')}, 'YYYY-MM-DD') AS effective_expires_on,
                 ${mfaEnabledSql('u.id')} AS mfa_enabled,
                 ${passkeyCountSql('u.id')} AS passkey_count,
                 u.last_sign_in_at, u.created_at`;

/**
 * The administrator's view of a contract's accounts: a read model over the accounts' owners
 * (users, organizations, mfa, the attempt gate), each part from its owner's SQL fragment, one
 * query per page. Every query is bounded by the contract.
 */
@Injectable()
export class AccountListQuery {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async page(
    organizationId: string,
    query: ListAccountsQueryDto,
    today: string,
  ): Promise<AccountPageDto> {
    const { page, pageSize, offset } = pageOf(query);
    const params: unknown[] = [organizationId];
    const where = ['u.organization_id = $1'];
    if (query.q) {
      params.push(`%${escapeLike(query.q.toLowerCase())}%`);
      where.push(`lower(u.username) LIKE $${params.length}`);
    }
    if (query.role) {
      params.push(query.role);
      where.push(`u.role = $${params.length}`);
    }
    if (query.state) {
      // The date is a parameter only for the states that compare with it (not 'locked').
      const day = `$${params.length + 1}`;
      const condition = accountStateConditionSql(query.state, day);
      if (condition.includes(day)) params.push(today);
      where.push(condition);
    }
    const from = `FROM users u JOIN organizations o ON o.id = u.organization_id
                  WHERE ${where.join(' AND ')}`;
    const direction = query.order ?? 'asc';
    const order = `${SORT_ORDERS[query.sort ?? 'username'][direction]}, ${SORT_ORDERS.username[direction]}, u.id`;
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query<AccountRow[]>(
        `${ACCOUNT_COLUMNS} ${from} ORDER BY ${order}
         LIMIT ${pageSize} OFFSET ${offset}`,
        params,
      ),
      this.dataSource.query<{ total: string }[]>(`SELECT count(*) AS total ${from}`, params),
    ]);
    return {
      items: rows.map((row) => toAccountDto(row, today)),
      total: Number(total),
      page,
      pageSize,
    };
  }

  /**
   * One account of the contract, with what its state is made of (for the answer after a change),
   * or null: another contract's account is as unknown as none.
   */
  async find(organizationId: string, id: string, today: string): Promise<TargetedAccount | null> {
    const rows = await this.dataSource.query<AccountRow[]>(
      `${ACCOUNT_COLUMNS} FROM users u JOIN organizations o ON o.id = u.organization_id
        WHERE u.id = $1 AND u.organization_id = $2`,
      [id, organizationId],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      account: toAccountDto(row, today),
      facts: {
        locked: row.locked,
        disabled: row.disabled,
        passwordIsTemporary: row.password_is_temporary,
        contractEndsOn: row.contract_ends_on,
      },
    };
  }
}
