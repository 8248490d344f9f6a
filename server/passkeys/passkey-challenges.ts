import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PasskeyRefused } from './passkey-problem';

/** A challenge is answered within this long, or not at all. */
export const CHALLENGE_TTL_SECONDS = 5 * 60;

export type ChallengePurpose = 'registration' | 'second_factor' | 'sign_in';

/**
 * Whom a challenge was given to: a session (registration, the MFA step), or, before there is one
 * (passwordless sign-in), the browser holding the random value whose SHA-256 this is.
 */
export type ChallengeBinding = { sessionId: string } | { browserHash: Buffer };

/**
 * Challenges waiting for their answer, in PostgreSQL so that any instance can take the answer.
 * Each is taken once, by a DELETE … RETURNING, whatever the answer turns out to be: of two answers
 * sent at once only one finds it, and a refused answer cannot be tried again with the same
 * challenge. A new challenge for the same binding and purpose replaces the one before.
 */
@Injectable()
export class PasskeyChallenges {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async issue(
    purpose: ChallengePurpose,
    binding: ChallengeBinding,
    challenge: string,
  ): Promise<void> {
    // Challenges nobody answered would otherwise stay; their index makes this cheap.
    await this.dataSource.query(`DELETE FROM passkey_challenges WHERE expires_at < now()`);
    if ('sessionId' in binding) {
      await this.dataSource.query(
        `INSERT INTO passkey_challenges (purpose, session_id, challenge, expires_at)
         VALUES ($1, $2, $3, now() + make_interval(secs => $4))
         ON CONFLICT (session_id, purpose) WHERE session_id IS NOT NULL
         DO UPDATE SET challenge = EXCLUDED.challenge, expires_at = EXCLUDED.expires_at`,
        [purpose, binding.sessionId, challenge, CHALLENGE_TTL_SECONDS],
      );
    } else {
      await this.dataSource.query(
        `INSERT INTO passkey_challenges (purpose, browser_hash, challenge, expires_at)
         VALUES ($1, $2, $3, now() + make_interval(secs => $4))`,
        [purpose, binding.browserHash, challenge, CHALLENGE_TTL_SECONDS],
      );
    }
  }

  /** Takes the challenge (it is gone afterwards); refused when there is none or it has expired. */
  async take(purpose: ChallengePurpose, binding: ChallengeBinding | null): Promise<string> {
    if (binding === null) throw new PasskeyRefused('challenge_missing');
    const [column, value] =
      'sessionId' in binding
        ? ['session_id', binding.sessionId]
        : ['browser_hash', binding.browserHash];
    const [rows]: [{ challenge: string; live: boolean }[], number] = await this.dataSource.query(
      `DELETE FROM passkey_challenges WHERE purpose = $1 AND ${column} = $2
       RETURNING challenge, expires_at > now() AS live`,
      [purpose, value],
    );
    const row = rows[0];
    if (!row) throw new PasskeyRefused('challenge_missing');
    if (!row.live) throw new PasskeyRefused('challenge_expired');
    return row.challenge;
  }
}
