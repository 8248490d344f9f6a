import { HttpTestingController } from '@angular/common/http/testing';

/**
 * Answers every pending `GET /api/auth/password-confirmation` (RecentConfirmation): by default
 * that no password is held, as for a session that has not typed it in the last minutes.
 */
export function answerConfirmation(http: HttpTestingController, secondsLeft = 0): void {
  for (const request of http.match('/api/auth/password-confirmation')) {
    request.flush({
      confirmedUntil:
        secondsLeft > 0 ? new Date(Date.now() + secondsLeft * 1000).toISOString() : null,
      secondsLeft,
    });
  }
}
