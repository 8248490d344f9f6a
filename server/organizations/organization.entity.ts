import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

/** The contract the migration made for the accounts that existed before contracts did. */
export const DEFAULT_ORGANIZATION_ID = '00000000-0000-4000-8000-000000000001';

/** A contract (契約): one customer company and its accounts. */
@Entity({ name: 'organizations' })
export class Organization {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Unique regardless of case: enforced by the unique index on lower(name). */
  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** プラン */
  @Column({ type: 'varchar', length: 100 })
  plan: string;

  @Column({ name: 'service_starts_on', type: 'date' })
  serviceStartsOn: string;

  /** サービス解約日: the last day every account of the contract may be used. */
  @Column({ name: 'service_ends_on', type: 'date', nullable: true })
  serviceEndsOn: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
