import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { User } from '../users/user.entity';
import type { SecondFactor, SignInMethod } from './sign-in-factors';

/** A server-side session. Only the SHA-256 of its token is kept, so a database leak signs nobody in. */
@Entity({ name: 'sessions' })
@Index('sessions_user_id_idx', ['userId'])
export class Session {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Index('sessions_token_hash_key', { unique: true })
  @Column({ name: 'token_hash', type: 'bytea' })
  tokenHash: Buffer;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz' })
  lastSeenAt: Date;

  @Column({ name: 'absolute_expires_at', type: 'timestamptz' })
  absoluteExpiresAt: Date;

  @Column({ name: 'ip_address', type: 'varchar', length: 64, nullable: true })
  ipAddress: string | null;

  @Column({ name: 'user_agent', type: 'varchar', length: 512, nullable: true })
  userAgent: string | null;

  /** Set while the session waits for its MFA code: the end of that wait. */
  @Column({ name: 'mfa_pending_until', type: 'timestamptz', nullable: true })
  mfaPendingUntil: Date | null;

  @Column({ name: 'mfa_failed_attempts', type: 'integer', default: 0 })
  mfaFailedAttempts: number;

  /** How the sign-in began (see sign-in-factors.ts). */
  @Column({ name: 'sign_in_method', type: 'varchar', length: 16, default: 'password' })
  signInMethod: SignInMethod;

  /** The factor of its MFA step, once passed. */
  @Column({ name: 'second_factor', type: 'varchar', length: 16, nullable: true })
  secondFactor: SecondFactor | null;
}
