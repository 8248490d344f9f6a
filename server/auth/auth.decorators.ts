import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'tobira:public';
export const ALLOWED_WHILE_PASSWORD_CHANGE_PENDING = 'tobira:allowedWhilePasswordChangePending';
export const ALLOWED_WHILE_MFA_PENDING = 'tobira:allowedWhileMfaPending';

/** Opts a route out of the global session requirement. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** One of the few calls a session whose password is temporary may make. */
export const AllowedWhilePasswordChangePending = () =>
  SetMetadata(ALLOWED_WHILE_PASSWORD_CHANGE_PENDING, true);

/** One of the few calls a session still waiting for its MFA code may make. */
export const AllowedWhileMfaPending = () => SetMetadata(ALLOWED_WHILE_MFA_PENDING, true);
