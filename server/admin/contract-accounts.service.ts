import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccountIssuer } from '../accounts/account-issuer';
import { type AccountRef, type ActedBy, AccountsService } from '../accounts/accounts.service';
import { BruteForceService } from '../brute-force/brute-force.service';
import { isUniqueViolation } from '../database/unique-violation';
import { AppError } from '../http/app-error';
import { accountListCsv } from '../accounts/account-list.csv';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import type { ContractRow } from '../organizations/organizations.repository';
import { SecurityEvents } from '../security-events/security-events.service';
import type { Principal } from '../sessions/authenticated-request';
import type { Role } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import { expiryProblems, usernameProblems } from './account-input';
import { AccountListQuery } from './account-list.query';
import type { ActingAdministrator } from './admin.decorators';
import { adminError, adminFieldProblem } from './admin.errors';
import { type BulkRefusal, checkBulkFile } from './bulk-issue';
import type {
  AccountDto,
  AccountPageDto,
  BulkIssuedDto,
  ContractDto,
  IssuedAccountDto,
  ListAccountsQueryDto,
} from './dto/admin.dto';
import { type AccountChange, afterChange, type TargetedAccount } from './target-account';

export { MAX_BULK_ROWS } from './bulk-issue';

/** The administrator as the security log records them: who, and from which address. */
function actorOf(admin: ActingAdministrator): ActedBy {
  return {
    actor: { kind: 'admin', userId: admin.userId, username: admin.username },
    client: admin.client,
  };
}

function refOf(admin: Principal, { account }: TargetedAccount): AccountRef {
  return { id: account.id, username: account.username, organizationId: admin.organizationId };
}

/**
 * The accounts of the signed-in administrator's contract, and nothing else: every call takes the
 * administrator's principal, and every query is bounded by its contract, so an account of another
 * contract is NOT_FOUND exactly like one that does not exist. An account a route names is loaded
 * once, by AccountInContractGuard, and handed in; the changes themselves are AccountsService's.
 */
@Injectable()
export class ContractAccounts {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly list: AccountListQuery,
    private readonly accounts: AccountsService,
    private readonly issuer: AccountIssuer,
    private readonly organizations: OrganizationsRepository,
    private readonly users: UsersRepository,
    private readonly events: SecurityEvents,
    private readonly bruteForce: BruteForceService,
  ) {}

  today(): string {
    return this.accounts.today();
  }

  async contract(admin: Principal): Promise<ContractDto> {
    const row = await this.contractRow(admin);
    return { name: row.name, plan: row.plan, serviceStartsOn: row.starts, serviceEndsOn: row.ends };
  }

  page(admin: Principal, query: ListAccountsQueryDto): Promise<AccountPageDto> {
    return this.list.page(admin.organizationId, query, this.today());
  }

  /** One account with a generated temporary password, shown in this answer only. */
  async issue(
    admin: ActingAdministrator,
    input: { username: string; role: Role; expiresOn?: string | null },
  ): Promise<IssuedAccountDto> {
    const contract = await this.contractRow(admin);
    const expiresOn = input.expiresOn ?? null;
    const expiry = { contractEnds: contract.ends, today: this.today(), pastAllowed: false };
    const problems = [
      ...usernameProblems(input.username, 'username'),
      ...expiryProblems(expiresOn, expiry, 'expiresOn'),
    ];
    if (problems.length > 0) throw new AppError('VALIDATION_FAILED', problems);
    const prepared = await this.issuer.prepare([
      { username: input.username, role: input.role, expiresOn },
    ]);
    try {
      const { actor, client } = actorOf(admin);
      const [issued] = await this.dataSource.transaction((manager) =>
        this.issuer.insert(manager, contract.id, prepared, actor, { client }),
      );
      return issued;
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AppError('VALIDATION_FAILED', [adminFieldProblem('USERNAME_TAKEN', 'username')]);
      }
      throw error;
    }
  }

  /**
   * Every row is checked first and every problem reported with its row number; only a file with
   * none creates its accounts, all in one transaction.
   */
  async issueMany(admin: ActingAdministrator, csv: string): Promise<BulkIssuedDto> {
    const contract = await this.contractRow(admin);
    const file = checkBulkFile(csv, contract, this.today());
    if (!file.ok) {
      const counted = file.reason === 'invalid_rows' ? file.problems.length : 1;
      await this.bulkIssueRefused(admin, file.rows, file.reason, counted);
      throw new AppError('VALIDATION_FAILED', file.problems);
    }
    const { rows, accounts } = file;
    // Only a file that is otherwise right learns which names are taken, and each administrator may
    // be refused for that only so often: usernames are unique across every contract, so this answer
    // would otherwise tell another contract's names, thousands a request. Counted before the check.
    const attempt = await this.bruteForce.reserveWindow('bulk_issue', admin.userId);
    if (!attempt.admitted) {
      await this.bulkIssueRefused(admin, rows.length, 'limited', 0);
      throw adminError('BULK_ISSUE_LIMITED', undefined, attempt.retryAfter);
    }
    const taken = await this.users.taken(accounts.map((a) => a.username));
    const unavailable = rows
      .filter((row) => taken.has(row.username.toLowerCase()))
      .map((row) =>
        adminFieldProblem('USERNAME_UNAVAILABLE', `rows[${row.row}].username`, { row: row.row }),
      );
    if (unavailable.length > 0) {
      await this.bulkIssueRefused(admin, rows.length, 'usernames_unavailable', unavailable.length);
      throw new AppError('VALIDATION_FAILED', unavailable);
    }
    const prepared = await this.issuer.prepare(accounts);
    try {
      // One upload, one event with its counts (account.bulk_issued), not one per account.
      const { actor, client } = actorOf(admin);
      const issued = await this.dataSource.transaction((manager) =>
        this.issuer.insert(manager, contract.id, prepared, actor, { client, bulk: true }),
      );
      await this.bruteForce.releaseWindow('bulk_issue', admin.userId);
      return {
        accounts: issued,
        csv: accountListCsv(
          issued.map((a) => ({ ...a, plan: contract.plan, serviceStartsOn: contract.starts })),
        ),
      };
    } catch (error) {
      // Someone took one of the names between the check and the insert: nothing was created.
      if (isUniqueViolation(error)) {
        await this.bulkIssueRefused(admin, rows.length, 'usernames_unavailable', 1);
        throw new AppError('VALIDATION_FAILED', [adminFieldProblem('USERNAME_UNAVAILABLE', 'csv')]);
      }
      throw error;
    }
  }

  private bulkIssueRefused(
    admin: ActingAdministrator,
    rows: number,
    reason: BulkRefusal | 'limited' | 'usernames_unavailable',
    problems: number,
  ): Promise<void> {
    return this.events.emit({
      kind: 'account.bulk_issue_refused',
      ...actorOf(admin),
      organizationId: admin.organizationId,
      detail: { reason, rows, problems },
    });
  }

  /** A new temporary password (forces a change at next sign-in); the account's sessions end. */
  async reissue(admin: ActingAdministrator, target: TargetedAccount): Promise<IssuedAccountDto> {
    const { temporaryPassword } = await this.accounts.reissue(refOf(admin, target), actorOf(admin));
    const { id, username, role, expiresOn } = target.account;
    return { id, username, role, temporaryPassword, expiresOn };
  }

  /** Sets or clears the account's own expiry; a date already past ends its sessions at once. */
  async setExpiry(
    admin: ActingAdministrator,
    target: TargetedAccount,
    expiresOn: string | null,
  ): Promise<AccountDto> {
    const expiry = {
      contractEnds: target.facts.contractEndsOn,
      today: this.today(),
      pastAllowed: true,
    };
    const problems = expiryProblems(expiresOn, expiry, 'expiresOn');
    if (problems.length > 0) throw new AppError('VALIDATION_FAILED', problems);
    await this.accounts.setExpiry(refOf(admin, target), actorOf(admin), expiresOn);
    return this.after(target, { expiresOn });
  }

  async setRole(admin: ActingAdministrator, target: TargetedAccount, role: Role) {
    await this.accounts.setRole(refOf(admin, target), actorOf(admin), role);
    return this.after(target, { role });
  }

  async setDisabled(admin: ActingAdministrator, target: TargetedAccount, disabled: boolean) {
    await this.accounts.setDisabled(refOf(admin, target), actorOf(admin), disabled);
    return this.after(target, { disabled });
  }

  async resetMfa(admin: ActingAdministrator, target: TargetedAccount): Promise<AccountDto> {
    await this.accounts.resetMfa(refOf(admin, target), actorOf(admin));
    return this.after(target, { mfaReset: true });
  }

  /** Lifts a lockout after failed sign-ins; the failure count starts again from zero. */
  async unlock(admin: ActingAdministrator, target: TargetedAccount): Promise<AccountDto> {
    await this.accounts.unlock(refOf(admin, target), actorOf(admin));
    return this.after(target, { unlocked: true });
  }

  async endSessions(admin: ActingAdministrator, target: TargetedAccount): Promise<AccountDto> {
    await this.accounts.endSessions(refOf(admin, target), actorOf(admin));
    return this.after(target, {});
  }

  /** The account as the change left it, for the answer. */
  private after(target: TargetedAccount, change: AccountChange): AccountDto {
    return afterChange(target, change, this.today());
  }

  private async contractRow(admin: Principal): Promise<ContractRow> {
    const row = await this.organizations.findById(admin.organizationId);
    if (!row) throw new AppError('NOT_FOUND');
    return row;
  }
}
