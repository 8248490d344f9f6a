import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BruteForceService, type Reservation } from '../brute-force/brute-force.service';
import { AppError, FieldProblem } from '../http/app-error';
import type { Locale } from '../http/locale';
import { PASSWORD_HASHER, type PasswordHasher } from '../password-hashing/password-hasher';
import { PASSWORD_POLICY, type PasswordPolicy } from '../password-policy/password-policy';
import { SecurityEvents } from '../security-events/security-events.service';
import { signInRefusal } from './sign-in-refusal';
import { usersConfig } from '../users/users.config';
import { UsersService } from '../users/users.service';
import type { Principal } from '../sessions/authenticated-request';
import type { ChangePasswordDto } from './dto/change-password.dto';
import { accountLocked, PasswordConfirmation } from '../users/password-confirmation';
import { usersFieldProblem } from '../users/users.errors';
import { authError, authFieldProblem, type AuthErrorCode } from './auth.errors';
import { type SignInAccount, SignInQuery } from './sign-in.query';
import { SessionDto } from '../sessions/dto/session.dto';
import type { ClientInfo } from '../http/client-info';
import { SessionsService } from '../sessions/sessions.service';

export type { SignInAccount } from './sign-in.query';

export interface SignedIn {
  token: string;
  session: SessionDto;
}

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PASSWORD_HASHER) private readonly hasher: PasswordHasher,
    @Inject(PASSWORD_POLICY) private readonly policy: PasswordPolicy,
    @Inject(usersConfig.KEY) private readonly usersSettings: ConfigType<typeof usersConfig>,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly events: SecurityEvents,
    private readonly bruteForce: BruteForceService,
    private readonly confirmation: PasswordConfirmation,
    private readonly signInQuery: SignInQuery,
  ) {}

  /**
   * The account for a username and password, or INVALID_CREDENTIALS. The attempt is counted
   * before the password is checked (see BruteForceService), so concurrent attempts never check more
   * passwords than the thresholds allow. Reasons an account cannot be used are told only to
   * someone who knew its password. A locked or delayed account gets the same generic answer as a
   * wrong password, after the same work.
   */
  async validateCredentials(
    username: string,
    password: string,
    client: ClientInfo = { ipAddress: null, userAgent: null },
    now = new Date(),
  ): Promise<SignInAccount> {
    const attempt = await this.signInQuery.reserve(username, client.ipAddress);
    const address = this.bruteForce.windowAttemptOf(attempt.address);
    if (!address.admitted) {
      await this.recordFailedSignIn(null, username, 'address_limited', client);
      throw authError('TOO_MANY_ATTEMPTS', undefined, address.retryAfter);
    }
    const user = attempt.account;
    const refuse = async (code: AuthErrorCode, reason: string): Promise<never> => {
      await this.recordFailedSignIn(user, username, reason, client);
      throw authError(code);
    };
    if (!user || !attempt.reservation) {
      // Same work as for a real account, so response time does not reveal which usernames exist.
      await this.hashOrTakeBack(() => this.hasher.verifyAgainstDummy(password), null, client);
      return refuse('INVALID_CREDENTIALS', 'unknown_username');
    }
    const reservation = attempt.reservation;
    if (!reservation.admitted) {
      // Refused before the check, and counted as a failure already.
      await this.hasher.verifyAgainstDummy(password);
      if (reservation.lockedNow)
        await this.events.emit(accountLocked(user, reservation.failures, client));
      return refuse('INVALID_CREDENTIALS', reservation.refusal ?? 'locked');
    }
    const verified = await this.hashOrTakeBack(
      () => this.hasher.verify(user.passwordHash, password),
      reservation,
      client,
    );
    if (!verified) {
      const outcome = await this.bruteForce.fail(reservation);
      if (outcome.lockedNow) await this.events.emit(accountLocked(user, outcome.failures, client));
      return refuse('INVALID_CREDENTIALS', 'wrong_password');
    }
    const unusable = signInRefusal(user, this.usersSettings.timeZone, now);
    if (unusable) {
      // The password was right: the attempt is settled as a success, but no session starts.
      await this.bruteForce.succeed(reservation);
      await this.bruteForce.releaseWindow('address', client.ipAddress);
      return refuse(unusable.code, unusable.reason);
    }
    if (this.hasher.needsRehash(user.passwordHash)) await this.upgradeHash(user, password);
    return user;
  }

  /**
   * A hash of the sign-in; when it cannot even start (the hashing queue is full: SERVER_BUSY), the
   * attempt was not checked and is taken back from the account and the address.
   */
  private async hashOrTakeBack<T>(
    hash: () => Promise<T>,
    reservation: Reservation | null,
    client: ClientInfo,
  ): Promise<T> {
    try {
      return await hash();
    } catch (error) {
      if (reservation) await this.bruteForce.cancel(reservation);
      await this.bruteForce.releaseWindow('address', client.ipAddress);
      throw error;
    }
  }

  private recordFailedSignIn(
    user: SignInAccount | null,
    attempted: string,
    reason: string,
    client: ClientInfo,
  ): Promise<void> {
    return this.events.emit({
      kind: 'sign_in.failed',
      actor: { kind: 'user', userId: user?.id ?? null, username: user?.username ?? null },
      target: { userId: user?.id ?? null, username: user?.username ?? attempted.slice(0, 64) },
      organizationId: user?.organizationId ?? null,
      detail: { reason },
      client,
    });
  }

  /**
   * A new session (and token) for a verified user; a session the browser already had is ended.
   * With MFA on, the password alone opens only the code step (see MfaPendingGuard). Whether MFA is
   * on was read with the account, before the hash: an MFA switched on during that verify applies
   * from the next sign-in, as it would had this one come a moment earlier.
   */
  async signIn(user: SignInAccount, client: ClientInfo, previousToken?: string): Promise<SignedIn> {
    if (previousToken) await this.sessions.revokeByToken(previousToken);
    const mfaPending = user.mfaEnabled;
    const token = await this.sessions.create(user.id, client, {
      mfaPending,
      event: {
        // With MFA on, only the password is verified yet: the code step records the sign-in.
        kind: mfaPending ? 'sign_in.mfa_pending' : 'sign_in.succeeded',
        actor: { kind: 'user', userId: user.id, username: user.username },
        target: { userId: user.id, username: user.username },
        organizationId: user.organizationId,
        client,
      },
      // The attempt reserved by validateCredentials succeeded: settled in the same statement.
      settle: (firstParam) =>
        this.bruteForce.signInSuccessSql(user.id, client.ipAddress, firstParam),
    });
    return { token, session: SessionDto.from({ ...user, mfaPending }) };
  }

  async signOut(principal: Principal, client: ClientInfo): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.sessions.revoke(principal.sessionId, manager);
      await this.events.emit(
        {
          kind: 'sign_out',
          actor: { kind: 'user', userId: principal.userId, username: principal.username },
          target: { userId: principal.userId, username: principal.username },
          organizationId: principal.organizationId,
          client,
        },
        manager,
      );
    });
  }

  /**
   * Forced or voluntary change: every problem is reported at once; on success the new hash, the
   * history, the cleared temporary flag, the end of the user's other sessions and this session's
   * new token are one transaction.
   */
  async changePassword(
    principal: Principal,
    dto: ChangePasswordDto,
    locale: Locale,
    client: ClientInfo,
  ): Promise<SignedIn> {
    const user = await this.users.findByUsername(principal.username);
    if (!user || user.id !== principal.userId) throw new AppError('UNAUTHENTICATED');

    const [current, recentHashes] = await Promise.all([
      this.confirmation.check(principal, dto.currentPassword, client, 'password_change'),
      this.users.recentPasswordHashes(user.id),
    ]);
    const problems: FieldProblem[] = [];
    if (!current.ok) {
      problems.push(usersFieldProblem('CURRENT_PASSWORD_INCORRECT', 'currentPassword'));
    }
    const violations = await this.policy.validate(
      {
        password: dto.newPassword,
        username: user.username,
        currentPassword: dto.currentPassword,
        recentHashes,
      },
      locale,
    );
    problems.push(
      ...violations.map((v) => ({
        field: 'newPassword',
        code: v.code,
        params: v.params,
        message: v.message,
      })),
    );
    if (dto.newPasswordConfirmation !== dto.newPassword) {
      problems.push(authFieldProblem('CONFIRMATION_MISMATCH', 'newPasswordConfirmation'));
    }
    if (problems.length > 0) throw new AppError('VALIDATION_FAILED', problems);

    const newHash = await this.hasher.hash(dto.newPassword);
    const token = await this.dataSource.transaction(async (manager) => {
      // Conditional on the hash we verified: of two concurrent changes only one can succeed.
      if (!(await this.users.replacePassword(manager, user.id, newHash, user.passwordHash))) {
        throw new AppError('VALIDATION_FAILED', [
          usersFieldProblem('CURRENT_PASSWORD_INCORRECT', 'currentPassword'),
        ]);
      }
      await this.sessions.revokeOthers(user.id, principal.sessionId, manager);
      await this.events.emit(
        {
          kind: 'password.changed',
          actor: { kind: 'user', userId: user.id, username: user.username },
          target: { userId: user.id, username: user.username },
          organizationId: user.organizationId,
          detail: { wasTemporary: user.passwordIsTemporary },
          client,
        },
        manager,
      );
      return this.sessions.renew(principal.sessionId, manager);
    });
    return { token, session: SessionDto.from({ ...principal, passwordIsTemporary: false }) };
  }

  private async upgradeHash(user: SignInAccount, password: string): Promise<void> {
    const upgraded = await this.hasher.hash(password);
    await this.users.upgradeHash(user.id, upgraded, user.passwordHash);
    // The history keeps the old hash; it still verifies the same password for the reuse rule.
  }
}
