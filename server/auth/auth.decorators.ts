import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'tobira:public';
export const ALLOWED_WHILE_PASSWORD_CHANGE_PENDING = 'tobira:allowedWhilePasswordChangePending';

/** Opts a route out of the global session requirement. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** One of the few calls a session whose password is temporary may make. */
export const AllowedWhilePasswordChangePending = () =>
  SetMetadata(ALLOWED_WHILE_PASSWORD_CHANGE_PENDING, true);
