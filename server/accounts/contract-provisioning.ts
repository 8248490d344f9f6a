import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { uniqueViolation } from '../database/unique-violation';
import type { AccountListEntry } from './account-list.csv';
import type { Organization } from '../organizations/organization.entity';
import { OrganizationsError } from '../organizations/organizations.errors';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import type { SecurityEvent } from '../security-events/security-event';
import { SecurityEvents } from '../security-events/security-events.service';
import { isIsoDate } from '../users/account-dates';
import type { Role } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import { USERNAME_PATTERN } from '../users/users.service';
import { AccountIssuer, type AccountToIssue } from './account-issuer';

const OPERATOR: SecurityEvent['actor'] = { kind: 'operator' };

/** Which accounts to make: generated names (`<prefix>-admin1`, `<prefix>-user1`) or given ones. */
export interface AccountsRequest {
  admins: number;
  users: number;
  /** General-user names, in place of `users` generated ones. */
  usernames?: string[];
}

export interface NewOrganization extends AccountsRequest {
  name: string;
  plan: string;
  startsOn: string | null;
}

export interface OrganizationSummary {
  name: string;
  plan: string;
  serviceStartsOn: string;
  serviceEndsOn: string | null;
  accounts: number;
}

export interface IssuedAccountList {
  organization: OrganizationSummary;
  accounts: AccountListEntry[];
}

/** A name usable in generated usernames: the contract name's safe characters, lower case. */
function usernamePrefix(name: string): string {
  const prefix = name
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 40);
  return prefix || 'org';
}

/** The operator's side of contracts (the CLI): issue one with its account list, add accounts, end it. */
@Injectable()
export class ContractProvisioning {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly organizations: OrganizationsRepository,
    private readonly users: UsersRepository,
    private readonly issuer: AccountIssuer,
    private readonly events: SecurityEvents,
  ) {}

  async findByName(
    name: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Organization> {
    const organization = await this.organizations.findByName(name, manager);
    if (!organization) throw new OrganizationsError('ORGANIZATION_NOT_FOUND', name);
    return organization;
  }

  /** The contract and its accounts in one transaction: all of it exists afterwards, or none. */
  async create(input: NewOrganization, today: string): Promise<IssuedAccountList> {
    const name = input.name.trim();
    const plan = input.plan.trim();
    if (!name || !plan || name.length > 100 || plan.length > 100) {
      throw new OrganizationsError('ORGANIZATION_INVALID');
    }
    const startsOn = input.startsOn ?? today;
    if (!isIsoDate(startsOn)) throw new OrganizationsError('DATE_INVALID', startsOn);
    const prepared = await this.issuer.prepare(this.accountsFor(usernamePrefix(name), input, 0));
    try {
      return await this.dataSource.transaction(async (manager) => {
        const organization = await this.organizations.insert(manager, {
          name,
          plan,
          serviceStartsOn: startsOn,
        });
        await this.events.emit(
          {
            kind: 'organization.created',
            actor: OPERATOR,
            organizationId: organization.id,
            detail: { name, plan, serviceStartsOn: startsOn },
          },
          manager,
        );
        const issued = await this.issuer.insert(manager, organization.id, prepared, OPERATOR);
        return this.accountList(organization, issued, issued.length);
      });
    } catch (error) {
      throw this.translated(error);
    }
  }

  /** More accounts for an existing contract (a contract change), listed like the first ones. */
  async addAccounts(
    organizationName: string,
    request: AccountsRequest,
  ): Promise<IssuedAccountList> {
    const existing = await this.findByName(organizationName);
    const counts = await this.users.countByRole(existing.id);
    const prepared = await this.issuer.prepare(
      this.accountsFor(usernamePrefix(existing.name), request, counts.admin, counts.user),
    );
    try {
      return await this.dataSource.transaction(async (manager) => {
        const issued = await this.issuer.insert(manager, existing.id, prepared, OPERATOR);
        const counts = await this.users.countByRole(existing.id, manager);
        return this.accountList(existing, issued, counts.admin + counts.user);
      });
    } catch (error) {
      throw this.translated(error);
    }
  }

  /**
   * Sets the service end date (サービス解約日): every account of the contract may be used through
   * that day and no longer; sessions end on their next request after it.
   */
  async end(organizationName: string, endsOn: string | null): Promise<OrganizationSummary> {
    if (endsOn !== null && !isIsoDate(endsOn)) throw new OrganizationsError('DATE_INVALID', endsOn);
    return this.dataSource.transaction(async (manager) => {
      const organization = await this.findByName(organizationName, manager);
      await this.organizations.setEnd(manager, organization.id, endsOn);
      await this.events.emit(
        {
          kind: 'organization.ended',
          actor: OPERATOR,
          organizationId: organization.id,
          detail: { from: organization.serviceEndsOn, to: endsOn },
        },
        manager,
      );
      const summaries = await this.list(manager, organization.id);
      return summaries[0];
    });
  }

  async list(
    manager: EntityManager = this.dataSource.manager,
    onlyId?: string,
  ): Promise<OrganizationSummary[]> {
    const rows = await this.organizations.list(manager, onlyId);
    return rows.map((r) => ({
      name: r.name,
      plan: r.plan,
      serviceStartsOn: r.starts,
      serviceEndsOn: r.ends,
      accounts: Number(r.accounts),
    }));
  }

  private accountsFor(
    prefix: string,
    request: AccountsRequest,
    adminOffset: number,
    userOffset = 0,
  ): AccountToIssue[] {
    const accounts: AccountToIssue[] = [];
    for (let i = 1; i <= request.admins; i++) {
      accounts.push({
        username: `${prefix}-admin${adminOffset + i}`,
        role: 'admin',
        expiresOn: null,
      });
    }
    const usernames =
      request.usernames ??
      Array.from({ length: request.users }, (_, i) => `${prefix}-user${userOffset + i + 1}`);
    const seen = new Set<string>();
    for (const username of usernames) {
      if (!USERNAME_PATTERN.test(username)) {
        throw new OrganizationsError('USERNAME_INVALID', username);
      }
      if (seen.has(username.toLowerCase()))
        throw new OrganizationsError('USERNAME_TAKEN', username);
      seen.add(username.toLowerCase());
      accounts.push({ username, role: 'user', expiresOn: null });
    }
    return accounts;
  }

  private accountList(
    organization: Organization,
    issued: { username: string; role: Role; temporaryPassword: string }[],
    total: number,
  ): IssuedAccountList {
    return {
      organization: {
        name: organization.name,
        plan: organization.plan,
        serviceStartsOn: organization.serviceStartsOn,
        serviceEndsOn: organization.serviceEndsOn,
        accounts: total,
      },
      accounts: issued.map((a) => ({
        plan: organization.plan,
        username: a.username,
        role: a.role,
        temporaryPassword: a.temporaryPassword,
        serviceStartsOn: organization.serviceStartsOn,
      })),
    };
  }

  private translated(error: unknown): unknown {
    const constraint = uniqueViolation(error);
    if (constraint === null) return error;
    return constraint === 'organizations_name_lower_key'
      ? new OrganizationsError('ORGANIZATION_NAME_TAKEN')
      : new OrganizationsError('USERNAME_TAKEN');
  }
}
