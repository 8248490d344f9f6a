import { Inject, Injectable, Scope } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { REQUEST } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, QueryFailedError } from 'typeorm';
import type { AuthenticatedRequest, Principal } from '../auth/authenticated-request';
import { clientInfo } from '../auth/client-info';
import { BruteForceService } from '../brute-force/brute-force.service';
import { AppError, type FieldProblem } from '../http/app-error';
import { AccountIssuer, type AccountToIssue } from '../organizations/account-issuer.service';
import { accountListCsv } from '../organizations/account-list.csv';
import type { SecurityEvent, SecurityEventKind } from '../security-events/security-event';
import { SecurityEvents } from '../security-events/security-events.service';
import { dateIn, isIsoDate } from '../users/account-dates';
import type { Role } from '../users/user.entity';
import { usersConfig } from '../users/users.config';
import { USERNAME_PATTERN } from '../users/users.service';
import { accountStateConditionSql, accountStateSql, type AccountState } from './account-state';
import { bulkRows, roleFromCsv } from './bulk-accounts.csv';
import type {
  AccountDto,
  AccountPageDto,
  BulkIssuedDto,
  ContractDto,
  IssuedAccountDto,
  ListAccountsQueryDto,
} from './dto/admin.dto';

/** What an active administrator is after a change: its own expiry, or null when it no longer administers. */
type AdministratorAfterChange = (admin: { ends: string | null }) => { ends: string | null } | null;

// ISO dates compare as strings: the day after every date, and the day before every date.
const FOREVER = '9999-12-31';
const NEVER = '';

/** More rows than this are refused: a contract that large is the operator's job (CLI). */
export const MAX_BULK_ROWS = 5_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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

interface ContractRow {
  id: string;
  name: string;
  plan: string;
  starts: string;
  ends: string | null;
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

function isUniqueViolation(error: unknown): boolean {
  return (
    error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505'
  );
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The accounts of the signed-in administrator's contract, and nothing else: the only way admin code
 * reads or writes accounts. Every query carries the contract of the request's principal, so no
 * handler can forget it; an account of another contract is NOT_FOUND, exactly like one that does
 * not exist.
 */
@Injectable({ scope: Scope.REQUEST })
export class ContractAccounts {
  constructor(
    @Inject(REQUEST) private readonly request: AuthenticatedRequest,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly issuer: AccountIssuer,
    private readonly events: SecurityEvents,
    private readonly bruteForce: BruteForceService,
    @Inject(usersConfig.KEY) private readonly config: ConfigType<typeof usersConfig>,
  ) {}

  // Read when used, not when built: the instance is made before the guards have run.
  private get principal(): Principal {
    const principal = this.request.principal;
    if (!principal) throw new AppError('UNAUTHENTICATED');
    return principal;
  }

  private get organizationId(): string {
    return this.principal.organizationId;
  }

  private get actor(): SecurityEvent['actor'] {
    return { kind: 'admin', userId: this.principal.userId, username: this.principal.username };
  }

  /** The administrator's address and browser, on every record of their actions. */
  private get client(): SecurityEvent['client'] {
    return clientInfo(this.request);
  }

  private today(): string {
    return dateIn(this.config.timeZone, new Date());
  }

  async contract(manager: EntityManager = this.dataSource.manager): Promise<ContractDto> {
    const row = await this.contractRow(manager);
    return {
      name: row.name,
      plan: row.plan,
      serviceStartsOn: row.starts,
      serviceEndsOn: row.ends,
    };
  }

  async list(query: ListAccountsQueryDto): Promise<AccountPageDto> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const params: unknown[] = [this.organizationId, this.today()];
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
        `${this.accountColumns('$2')} ${from} ORDER BY ${order}
         LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
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

  async find(id: string, manager: EntityManager = this.dataSource.manager): Promise<AccountDto> {
    if (!UUID.test(id)) throw new AppError('NOT_FOUND');
    const rows = await manager.query<AccountRow[]>(
      `${this.accountColumns('$3')} FROM users u JOIN organizations o ON o.id = u.organization_id
        WHERE u.id = $1 AND u.organization_id = $2`,
      [id, this.organizationId, this.today()],
    );
    if (!rows[0]) throw new AppError('NOT_FOUND');
    return toAccountDto(rows[0]);
  }

  /** One account with a generated temporary password, shown in this answer only. */
  async issue(input: {
    username: string;
    role: Role;
    expiresOn?: string | null;
  }): Promise<IssuedAccountDto> {
    const contract = await this.contractRow();
    const expiresOn = input.expiresOn ?? null;
    const problems = [
      ...this.usernameProblems(input.username, 'username'),
      ...this.expiryProblems(expiresOn, contract, 'expiresOn', false),
    ];
    if (problems.length > 0) throw new AppError('VALIDATION_FAILED', problems);
    const prepared = await this.issuer.prepare([
      { username: input.username, role: input.role, expiresOn },
    ]);
    try {
      const [issued] = await this.dataSource.transaction((manager) =>
        this.issuer.insert(manager, contract.id, prepared, this.actor, { client: this.client }),
      );
      return issued;
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AppError('VALIDATION_FAILED', [{ field: 'username', code: 'USERNAME_TAKEN' }]);
      }
      throw error;
    }
  }

  /**
   * Every row is checked first and every problem reported with its row number; only a file with
   * none creates its accounts, all in one transaction.
   */
  async issueMany(csv: string): Promise<BulkIssuedDto> {
    const contract = await this.contractRow();
    const rows = bulkRows(csv);
    if (rows.length === 0) {
      await this.bulkIssueRefused(0, 'empty', 1);
      throw new AppError('VALIDATION_FAILED', [{ field: 'csv', code: 'CSV_EMPTY' }]);
    }
    if (rows.length > MAX_BULK_ROWS) {
      await this.bulkIssueRefused(rows.length, 'too_many_rows', 1);
      throw new AppError('VALIDATION_FAILED', [
        { field: 'csv', code: 'CSV_TOO_MANY_ROWS', params: { max: MAX_BULK_ROWS } },
      ]);
    }
    const problems: FieldProblem[] = [];
    const accounts: AccountToIssue[] = [];
    const seen = new Map<string, number>();
    for (const row of rows) {
      const at = (field: string) => `rows[${row.row}].${field}`;
      const params = { row: row.row };
      const own: FieldProblem[] = [];
      own.push(...this.usernameProblems(row.username, at('username')));
      const key = row.username.toLowerCase();
      if (own.length === 0 && seen.has(key)) {
        own.push({
          field: at('username'),
          code: 'USERNAME_DUPLICATE',
          params: { first: seen.get(key) ?? 0 },
        });
      }
      seen.set(key, seen.get(key) ?? row.row);
      const role = roleFromCsv(row.role);
      if (role === null) own.push({ field: at('role'), code: 'ROLE_INVALID' });
      const expiresOn = row.expiresOn === '' ? null : row.expiresOn;
      own.push(...this.expiryProblems(expiresOn, contract, at('expiresOn'), false));
      if (row.extraColumns) own.push({ field: at('csv'), code: 'CSV_EXTRA_COLUMNS' });
      problems.push(...own.map((p) => ({ ...p, params: { ...p.params, ...params } })));
      if (own.length === 0 && role !== null) {
        accounts.push({ username: row.username, role, expiresOn });
      }
    }
    if (problems.length > 0) {
      problems.sort((a, b) => (a.params?.row ?? 0) - (b.params?.row ?? 0));
      await this.bulkIssueRefused(rows.length, 'invalid_rows', problems.length);
      throw new AppError('VALIDATION_FAILED', problems);
    }
    // Only a file that is otherwise right learns which names are taken, and each administrator may
    // be refused for that only so often: usernames are unique across every contract, so this answer
    // would otherwise tell another contract's names, thousands a request. Counted before the check.
    const attempt = await this.bruteForce.reserveWindow('bulk_issue', this.principal.userId);
    if (!attempt.admitted) {
      await this.bulkIssueRefused(rows.length, 'limited', 0);
      throw new AppError('BULK_ISSUE_LIMITED', undefined, attempt.retryAfter);
    }
    const taken = await this.takenUsernames(accounts.map((a) => a.username));
    const unavailable = rows
      .filter((row) => taken.has(row.username.toLowerCase()))
      .map((row) => ({
        field: `rows[${row.row}].username`,
        code: 'USERNAME_UNAVAILABLE',
        params: { row: row.row },
      }));
    if (unavailable.length > 0) {
      await this.bulkIssueRefused(rows.length, 'usernames_unavailable', unavailable.length);
      throw new AppError('VALIDATION_FAILED', unavailable);
    }
    const prepared = await this.issuer.prepare(accounts);
    try {
      const issued = await this.dataSource.transaction((manager) =>
        this.issuer.insert(manager, contract.id, prepared, this.actor, {
          client: this.client,
          bulk: true,
        }),
      );
      await this.bruteForce.releaseWindow('bulk_issue', this.principal.userId);
      return {
        accounts: issued,
        csv: accountListCsv(
          issued.map((a) => ({ ...a, plan: contract.plan, serviceStartsOn: contract.starts })),
        ),
      };
    } catch (error) {
      // Someone took one of the names between the check and the insert: nothing was created.
      if (isUniqueViolation(error)) {
        await this.bulkIssueRefused(rows.length, 'usernames_unavailable', 1);
        throw new AppError('VALIDATION_FAILED', [{ field: 'csv', code: 'USERNAME_UNAVAILABLE' }]);
      }
      throw error;
    }
  }

  private bulkIssueRefused(rows: number, reason: string, problems: number): Promise<void> {
    return this.events.emit({
      kind: 'account.bulk_issue_refused',
      actor: this.actor,
      organizationId: this.organizationId,
      detail: { reason, rows, problems },
      client: this.client,
    });
  }

  /** A new temporary password (forces a change at next sign-in); the account's sessions end. */
  async reissue(id: string): Promise<IssuedAccountDto> {
    const account = await this.find(id);
    const [prepared] = await this.issuer.prepare([account]);
    const temporaryExpiresAt = new Date(
      Date.now() + this.config.temporaryPasswordDays * 24 * 60 * 60 * 1000,
    );
    await this.change(id, 'account.temporary_password_reissued', {}, async (manager) => {
      await manager.query(
        `UPDATE users SET password_hash = $3, password_is_temporary = true,
                temporary_password_expires_at = $4, password_changed_at = now(), updated_at = now()
          WHERE id = $1 AND organization_id = $2`,
        [id, this.organizationId, prepared.passwordHash, temporaryExpiresAt],
      );
      await manager.query('INSERT INTO password_history (user_id, password_hash) VALUES ($1, $2)', [
        id,
        prepared.passwordHash,
      ]);
      return true;
    });
    return {
      id,
      username: account.username,
      role: account.role,
      temporaryPassword: prepared.temporaryPassword,
      expiresOn: account.expiresOn,
    };
  }

  /** Sets or clears the account's own expiry; a date already past ends its sessions at once. */
  async setExpiry(id: string, expiresOn: string | null): Promise<AccountDto> {
    const contract = await this.contractRow();
    const problems = this.expiryProblems(expiresOn, contract, 'expiresOn', true);
    if (problems.length > 0) throw new AppError('VALIDATION_FAILED', problems);
    const past = expiresOn !== null && expiresOn < this.today();
    return this.change(
      id,
      'account.expiry_changed',
      { to: expiresOn },
      async (manager, before) => {
        await manager.query(
          'UPDATE users SET expires_on = $3, updated_at = now() WHERE id = $1 AND organization_id = $2',
          [id, this.organizationId, expiresOn],
        );
        return { from: before.expiresOn, endSessions: past };
      },
      () => ({ ends: expiresOn }),
    );
  }

  async setRole(id: string, role: Role): Promise<AccountDto> {
    return this.change(
      id,
      'account.role_changed',
      { to: role },
      async (manager, before) => {
        await manager.query(
          'UPDATE users SET role = $3, updated_at = now() WHERE id = $1 AND organization_id = $2',
          [id, this.organizationId, role],
        );
        return { from: before.role, endSessions: false };
      },
      role === 'admin' ? undefined : () => null,
    );
  }

  async setDisabled(id: string, disabled: boolean): Promise<AccountDto> {
    const kind = disabled ? 'account.disabled' : 'account.enabled';
    return this.change(
      id,
      kind,
      {},
      async (manager) => {
        await manager.query(
          'UPDATE users SET disabled = $3, updated_at = now() WHERE id = $1 AND organization_id = $2',
          [id, this.organizationId, disabled],
        );
        return { endSessions: disabled };
      },
      disabled ? () => null : undefined,
    );
  }

  /**
   * Turns MFA off (an enrolment in progress too) and forgets the recovery codes, for a user who
   * lost their authenticator; the sessions end, and the user may set MFA up again after signing in.
   */
  async resetMfa(id: string): Promise<AccountDto> {
    return this.change(id, 'account.mfa_reset', {}, async (manager) => {
      await manager.query('DELETE FROM mfa_credentials WHERE user_id = $1', [id]);
      await manager.query('DELETE FROM mfa_recovery_codes WHERE user_id = $1', [id]);
      return true;
    });
  }

  /** Lifts a lockout after failed sign-ins; the failure count starts again from zero. */
  async unlock(id: string): Promise<AccountDto> {
    return this.change(id, 'account.unlocked', {}, async (manager) => ({
      endSessions: false,
      detail: { wasLocked: await this.bruteForce.unlock(id, manager) },
    }));
  }

  async endSessions(id: string): Promise<AccountDto> {
    return this.change(id, 'account.sessions_ended', {}, () => Promise.resolve(true));
  }

  /**
   * One change to one account of this contract, in one transaction with its event: the row is
   * locked first (so the answer describes what was written), and the account's sessions end when
   * `apply` says so (true, or `endSessions`). With `keepAdministrator` (what the target, if it is an
   * active administrator, is after the change: its own expiry, or null when it no longer
   * administers), the contract's active administrators are locked first, always in the same order,
   * and the change is refused if it would leave the contract without one (see keepAnAdministrator).
   */
  private async change(
    id: string,
    kind: SecurityEventKind,
    detail: Record<string, string | null>,
    apply: (
      manager: EntityManager,
      before: AccountDto,
    ) => Promise<
      true | { from?: string | null; endSessions: boolean; detail?: Record<string, boolean> }
    >,
    keepAdministrator?: AdministratorAfterChange,
  ): Promise<AccountDto> {
    if (!UUID.test(id)) throw new AppError('NOT_FOUND');
    return this.dataSource.transaction(async (manager) => {
      if (keepAdministrator) await this.keepAnAdministrator(manager, id, keepAdministrator);
      const locked: unknown[] = await manager.query(
        'SELECT id FROM users WHERE id = $1 AND organization_id = $2 FOR UPDATE',
        [id, this.organizationId],
      );
      if (locked.length === 0) throw new AppError('NOT_FOUND');
      const before = await this.find(id, manager);
      const outcome = await apply(manager, before);
      const endSessions = outcome === true || outcome.endSessions;
      let sessionsEnded = 0;
      if (endSessions) {
        const [, count]: [unknown, number] = await manager.query(
          'DELETE FROM sessions WHERE user_id = $1',
          [id],
        );
        sessionsEnded = count;
      }
      await this.events.emit(
        {
          kind,
          actor: this.actor,
          target: { userId: id, username: before.username },
          organizationId: this.organizationId,
          detail: {
            ...detail,
            ...(outcome !== true && 'from' in outcome ? { from: outcome.from ?? null } : {}),
            ...(outcome !== true ? outcome.detail : {}),
            sessionsEnded,
          },
          client: this.client,
        },
        manager,
      );
      return this.find(id, manager);
    });
  }

  /**
   * Refuses a change that would leave the contract without a usable administrator, now or on a day
   * before the contract ends: the last day any active administrator can still sign in (their own
   * expiry or the contract's end; none: for ever) may not move earlier than the contract's end.
   * So the only administrator cannot be disabled, demoted or given an expiry, not even today's,
   * while another administrator without one lets it happen. A change that does not shorten that
   * last day (an administrator already bounded by another's expiry, say) is not refused. The
   * active administrators' rows stay locked until the transaction ends, so two administrators
   * changing each other at once cannot both succeed: the second sees the first's change.
   */
  private async keepAnAdministrator(
    manager: EntityManager,
    targetId: string,
    after: AdministratorAfterChange,
  ): Promise<void> {
    const admins: { id: string; ends: string | null; contract_ends: string | null }[] =
      await manager.query(
        `SELECT u.id, to_char(u.expires_on, 'YYYY-MM-DD') AS ends,
                to_char(o.service_ends_on, 'YYYY-MM-DD') AS contract_ends
           FROM users u JOIN organizations o ON o.id = u.organization_id
          WHERE u.organization_id = $1 AND u.role = 'admin' AND NOT u.disabled
            AND NOT COALESCE(LEAST(u.expires_on, o.service_ends_on) < $2::date, false)
          ORDER BY u.id
            FOR UPDATE OF u`,
        [this.organizationId, this.today()],
      );
    const target = admins.find((a) => a.id === targetId);
    if (!target) return;
    const contractEnds = target.contract_ends ?? FOREVER;
    const lastDay = (ends: (string | null)[]) =>
      ends.reduce<string>((latest, own) => {
        const day = own === null || own > contractEnds ? contractEnds : own;
        return day > latest ? day : latest;
      }, NEVER);
    const before = lastDay(admins.map((a) => a.ends));
    const changed = after({ ends: target.ends });
    const others = admins.filter((a) => a.id !== targetId).map((a) => a.ends);
    const afterwards = lastDay(changed ? [...others, changed.ends] : others);
    const stillUsable = afterwards !== NEVER && afterwards >= this.today();
    if (!stillUsable || (afterwards < before && afterwards < contractEnds)) {
      throw new AppError('LAST_ADMINISTRATOR');
    }
  }

  private accountColumns(today: string): string {
    return `SELECT u.id, u.username, u.role, ${accountStateSql(today)} AS state,
                   to_char(u.expires_on, 'YYYY-MM-DD') AS expires_on,
                   to_char(LEAST(u.expires_on, o.service_ends_on), 'YYYY-MM-DD')
                     AS effective_expires_on,
                   EXISTS (SELECT 1 FROM mfa_credentials c
                            WHERE c.user_id = u.id AND c.enabled_at IS NOT NULL) AS mfa_enabled,
                   u.last_sign_in_at, u.created_at`;
  }

  private async contractRow(manager: EntityManager = this.dataSource.manager) {
    const rows = await manager.query<ContractRow[]>(
      `SELECT id, name, plan, to_char(service_starts_on, 'YYYY-MM-DD') AS starts,
              to_char(service_ends_on, 'YYYY-MM-DD') AS ends
         FROM organizations WHERE id = $1`,
      [this.organizationId],
    );
    if (!rows[0]) throw new AppError('NOT_FOUND');
    return rows[0];
  }

  private usernameProblems(username: string, field: string): FieldProblem[] {
    if (username === '') return [{ field, code: 'REQUIRED' }];
    return USERNAME_PATTERN.test(username) ? [] : [{ field, code: 'USERNAME_INVALID' }];
  }

  private expiryProblems(
    expiresOn: string | null,
    contract: ContractRow,
    field: string,
    pastAllowed: boolean,
  ): FieldProblem[] {
    if (expiresOn === null) return [];
    if (!isIsoDate(expiresOn)) return [{ field, code: 'EXPIRY_INVALID' }];
    if (!pastAllowed && expiresOn < this.today()) return [{ field, code: 'EXPIRY_IN_PAST' }];
    if (contract.ends !== null && expiresOn > contract.ends) {
      return [{ field, code: 'EXPIRY_AFTER_CONTRACT_END' }];
    }
    return [];
  }

  /** Which of these names exist already, in any contract (usernames are unique across all). */
  private async takenUsernames(usernames: string[]): Promise<Set<string>> {
    if (usernames.length === 0) return new Set();
    const rows: { name: string }[] = await this.dataSource.query(
      'SELECT lower(username) AS name FROM users WHERE lower(username) = ANY($1::text[])',
      [usernames.map((u) => u.toLowerCase())],
    );
    return new Set(rows.map((r) => r.name));
  }
}
