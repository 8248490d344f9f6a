import type { TestingModule } from '@nestjs/testing';
import { ContractProvisioning } from '../../server/accounts/contract-provisioning';
import type { ActingAdministrator } from '../../server/admin/admin.decorators';
import type { Principal } from '../../server/sessions/authenticated-request';
import type { Role } from '../../server/users/user.entity';
import { uniqueUsername } from './factories';
import type { TestDatabase } from './test-database';

/**
 * A new contract with `admins` administrators and `users` users, through the service layer: its
 * accounts (ordered by username), and its first administrator as a request of theirs carries them.
 */
export async function contractOf(
  moduleRef: TestingModule,
  db: TestDatabase,
  today: string,
  { admins, users, ipAddress = null }: { admins: number; users: number; ipAddress?: string | null },
): Promise<{
  admin: ActingAdministrator;
  rows: { id: string; username: string; role: Role; organization_id: string }[];
}> {
  const list = await moduleRef
    .get(ContractProvisioning)
    .create({ name: uniqueUsername('corp'), plan: 'p', startsOn: null, admins, users }, today);
  const rows = await db.dataSource.query<
    { id: string; username: string; role: Role; organization_id: string }[]
  >(
    'SELECT id, username, role, organization_id FROM users WHERE username = ANY($1) ORDER BY username',
    [list.accounts.map((a) => a.username)],
  );
  const [first] = rows.filter((r) => r.role === 'admin');
  const principal = {
    userId: first.id,
    username: first.username,
    organizationId: first.organization_id,
    role: 'admin',
  } as Principal;
  return { admin: { ...principal, client: { ipAddress, userAgent: null } }, rows };
}
