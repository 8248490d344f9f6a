import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * Told that an account's sign-ins were revoked: it was disabled, its temporary password reissued,
 * its MFA reset, or its sessions ended (by an administrator, or by the user for their other
 * sessions). Called inside the transaction of that change, with its `manager`: what a listener
 * writes commits or rolls back with it. A module that hands out credentials of its own on the
 * strength of a session (OpenID Connect's grants and tokens) registers one to revoke them.
 */
export interface CredentialsRevokedListener {
  credentialsRevoked(userId: string, manager: EntityManager): Promise<void>;
}

/** The listeners of CredentialsRevokedListener: register at module init; the sessions module calls them. */
@Injectable()
export class CredentialsRevoked {
  private readonly listeners: CredentialsRevokedListener[] = [];

  register(listener: CredentialsRevokedListener): void {
    if (!this.listeners.includes(listener)) this.listeners.push(listener);
  }

  async notify(userId: string, manager: EntityManager): Promise<void> {
    for (const listener of this.listeners) await listener.credentialsRevoked(userId, manager);
  }
}
