import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { escapeLike } from '../database/like';
import { pageOf } from '../http/paging.dto';
import { mfaEnabledSql } from '../mfa/mfa.sql';
import { accountEndsOnSql } from '../organizations/contract-dates.sql';
import type { Role } from '../users/user.entity';
import { accountStateConditionSql, accountStateSql, type AccountState } from './account-state';
import type { AccountDto, AccountPageDto, ListAccountsQueryDto } from './dto/admin.dto';

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
  state: AccountState;
  expires_on: string | null;
  effective_expires_on: string | null;
  mfa_enabled: boolean;
  last_sign_in_at: Date | null;
  created_at: Date;
}

function toAccountDto(row: AccountRow): AccountDto {
  return {
    id: row.id,
    username: row.username,
    role: row.role,
    state: row.state,
    expiresOn: row.expires_on,
    effectiveExpiresOn: row.effective_expires_on,
    mfaEnabled: row.mfa_enabled,
    lastSignInAt: row.last_sign_in_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}

/** The columns of an account as an administrator sees it; `today` is the parameter of the date. */
function accountColumns(today: string): string {
  return `SELECT u.id, u.username, u.role, ${accountStateSql(today)} AS state,
                 to_char(u.expires_on, 'YYYY-MM-DD') AS expires_on,
                 to_char(${accountEndsOnSql('u', 'o')}, 'YYYY-MM-DD') AS effective_expires_on,
                 ${mfaEnabledSql('u.id')} AS mfa_enabled,
                 u.last_sign_in_at, u.created_at`;
}

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
    const params: unknown[] = [organizationId, today];
    const where = ['u.organization_id = $1'];
    if (query.q) {
      params.push(`%${escapeLike(query.q.toLowerCase())}%`);
      where.push(`lower(u.username) LIKE $${params.length}`);
    }
    if (query.role) {
      params.push(query.role);
      where.push(`u.role = $${params.length}`);
    }
    if (query.state) where.push(accountStateConditionSql(query.state, '$2'));
    const from = `FROM users u JOIN organizations o ON o.id = u.organization_id
                  WHERE ${where.join(' AND ')}`;
    const direction = query.order ?? 'asc';
    const order = `${SORT_ORDERS[query.sort ?? 'username'][direction]}, ${SORT_ORDERS.username[direction]}, u.id`;
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query<AccountRow[]>(
        `${accountColumns('$2')} ${from} ORDER BY ${order}
         LIMIT ${pageSize} OFFSET ${offset}`,
        params,
      ),
      this.dataSource.query<{ total: string }[]>(
        // $2 is only used by the state filter; cast keeps its type known when it is not.
        `SELECT count(*) AS total ${from} AND $2::date IS NOT NULL`,
        params,
      ),
    ]);
    return { items: rows.map(toAccountDto), total: Number(total), page, pageSize };
  }

  /** One account of the contract, or null (another contract's account is as unknown as none). */
  async find(
    organizationId: string,
    id: string,
    today: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<AccountDto | null> {
    const rows = await manager.query<AccountRow[]>(
      `${accountColumns('$3')} FROM users u JOIN organizations o ON o.id = u.organization_id
        WHERE u.id = $1 AND u.organization_id = $2`,
      [id, organizationId, today],
    );
    return rows[0] ? toAccountDto(rows[0]) : null;
  }
}
