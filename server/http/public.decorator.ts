import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'tobira:public';

/** Opts a route out of the global session requirement (see SessionGuard). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
