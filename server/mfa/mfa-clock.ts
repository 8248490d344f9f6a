export const MFA_CLOCK = Symbol('MFA_CLOCK');

/** The time the codes are checked against; replaced in tests. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
