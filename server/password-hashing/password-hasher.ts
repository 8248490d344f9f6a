export const PASSWORD_HASHER = Symbol('PASSWORD_HASHER');

/**
 * Turns passwords into stored hashes and checks them against those hashes.
 *
 * The default is `Argon2idPasswordHasher`. To use another algorithm, implement this interface in an
 * `@Injectable()` class and pass it to `PasswordHashingModule.forRoot({ hasher: MyHasher })`; every
 * module that injects `PASSWORD_HASHER` then gets yours. Inject `HashingGate` and run each hash
 * and verify through `gate.run(...)` so that a flood of sign-ins is queued and then refused.
 * libuv's thread pool has a thread for each hash the gate lets through (hashing-threads.ts), so a
 * hasher on a native binding's asynchronous API, which runs there, needs nothing more to use
 * `HASH_CONCURRENCY` cores.
 */
export interface PasswordHasher {
  /** A self-describing hash (algorithm, parameters, salt) to store in place of the password. */
  hash(password: string): Promise<string>;

  /**
   * Whether `password` matches `hash`. A malformed or foreign hash gives `false`, never an error;
   * a full hashing gate rejects with `AppError('SERVER_BUSY')`.
   */
  verify(hash: string, password: string): Promise<boolean>;

  /**
   * Whether a stored hash is weaker than the current configuration (or of another algorithm), so
   * that it should be replaced with `hash(password)` right after the password verified.
   */
  needsRehash(hash: string): boolean;

  /**
   * Spends the time of one `verify` against a hash made with the current parameters, then answers
   * `false`. Call it when the username is unknown, so that the answer time does not tell an
   * attacker which usernames exist.
   */
  verifyAgainstDummy(password: string): Promise<false>;
}
