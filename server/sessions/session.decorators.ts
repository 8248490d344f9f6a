import { SetMetadata } from '@nestjs/common';

export const ALLOWED_WHILE_PASSWORD_CHANGE_PENDING = 'tobira:allowedWhilePasswordChangePending';
export const ALLOWED_WHILE_MFA_PENDING = 'tobira:allowedWhileMfaPending';

/** One of the few calls a session whose password is temporary may make. */
export const AllowedWhilePasswordChangePending = () =>
  SetMetadata(ALLOWED_WHILE_PASSWORD_CHANGE_PENDING, true);

/** One of the few calls a session still waiting for its MFA code may make. */
export const AllowedWhileMfaPending = () => SetMetadata(ALLOWED_WHILE_MFA_PENDING, true);
