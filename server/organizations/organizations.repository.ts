import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Organization } from './organization.entity';

export interface OrganizationSummaryRow {
  name: string;
  plan: string;
  starts: string;
  ends: string | null;
  accounts: string;
}

/** A contract's dates as YYYY-MM-DD. */
export interface ContractRow {
  id: string;
  name: string;
  plan: string;
  starts: string;
  ends: string | null;
}

/** Every statement on `organizations`. */
@Injectable()
export class OrganizationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findByName(
    name: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Organization | null> {
    return manager
      .getRepository(Organization)
      .createQueryBuilder('o')
      .where('lower(o.name) = lower(:name)', { name })
      .getOne();
  }

  async findById(
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ContractRow | undefined> {
    const rows = await manager.query<ContractRow[]>(
      `SELECT id, name, plan, to_char(service_starts_on, 'YYYY-MM-DD') AS starts,
              to_char(service_ends_on, 'YYYY-MM-DD') AS ends
         FROM organizations WHERE id = $1`,
      [id],
    );
    return rows[0];
  }

  /** The names of the contracts `ids`, by id. */
  async namesOf(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.dataSource.query<{ id: string; name: string }[]>(
      'SELECT id, name FROM organizations WHERE id = ANY($1::uuid[])',
      [[...new Set(ids)]],
    );
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  insert(
    manager: EntityManager,
    organization: Pick<Organization, 'name' | 'plan' | 'serviceStartsOn'>,
  ): Promise<Organization> {
    const repository = manager.getRepository(Organization);
    return repository.save(repository.create({ ...organization, serviceEndsOn: null }));
  }

  async setEnd(manager: EntityManager, id: string, endsOn: string | null): Promise<void> {
    await manager.query(
      'UPDATE organizations SET service_ends_on = $2, updated_at = now() WHERE id = $1',
      [id, endsOn],
    );
  }

  /** Every contract (or only `onlyId`) with its number of accounts, by name. */
  list(
    manager: EntityManager = this.dataSource.manager,
    onlyId?: string,
  ): Promise<OrganizationSummaryRow[]> {
    return manager.query(
      `SELECT o.name, o.plan, to_char(o.service_starts_on, 'YYYY-MM-DD') AS starts,
              to_char(o.service_ends_on, 'YYYY-MM-DD') AS ends,
              (SELECT count(*) FROM users u WHERE u.organization_id = o.id) AS accounts
         FROM organizations o
        WHERE $1::uuid IS NULL OR o.id = $1
        ORDER BY lower(o.name)`,
      [onlyId ?? null],
    );
  }
}
