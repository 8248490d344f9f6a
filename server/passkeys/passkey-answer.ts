import type { Request } from 'express';
import { resolveLocale } from '../http/locale';
import { PasskeyRefused } from './passkey-problem';

/** Runs a passkey call; a refusal becomes the 400 naming its reason, in the request's language. */
export async function answerRefusal<T>(req: Request, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof PasskeyRefused) throw error.toAppError(resolveLocale(req));
    throw error;
  }
}
