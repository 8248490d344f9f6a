import type { Request, Response } from 'express';
import type { SessionDto } from './dto/session.dto';
import type { SessionCookie } from './session-cookie';
import { sessionError } from './sessions.errors';

/** A second factor accepted: the session's new token, and the session as the client sees it. */
export interface MfaSignedIn {
  token: string;
  session: SessionDto;
}

/** A refused code step: the session may try again, or it has used up its attempts and is gone. */
export type MfaStepFailure = { ended: false } | { ended: true };

export function isSignedIn<F extends MfaStepFailure>(
  result: MfaSignedIn | F,
): result is MfaSignedIn {
  return 'token' in result;
}

/**
 * The answer to a sign-in's second factor, whichever it was (an authenticator code, a recovery
 * code, a passkey). Accepted: the cookie takes the session's new token. Refused for the last time:
 * the pending session is gone, and so is its cookie. Refused with tries left: `refused` throws the
 * factor's own error.
 */
export async function answerSecondFactor<F extends MfaStepFailure>(
  cookie: SessionCookie,
  req: Request,
  res: Response,
  result: MfaSignedIn | F,
  refused: (failure: F) => Promise<never> | never,
): Promise<SessionDto> {
  if (isSignedIn(result)) {
    cookie.write(req, res, result.token);
    return result.session;
  }
  if (result.ended) {
    cookie.clear(req, res);
    throw sessionError('MFA_SESSION_ENDED');
  }
  return refused(result);
}
