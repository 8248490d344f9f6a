// ISO dates compare as strings: the day after every date, and the day before every date.
const FOREVER = '9999-12-31';
const NEVER = '';

/** An active administrator of the contract, as locked for a change. */
export interface ActiveAdministrator {
  id: string;
  /** Its own expiry, or null. */
  ends: string | null;
  /** The contract's service end, or null. */
  contract_ends: string | null;
}

/** What an active administrator is after a change: its own expiry, or null when it no longer administers. */
export type AdministratorAfterChange = (admin: {
  ends: string | null;
}) => { ends: string | null } | null;

/**
 * Whether a change leaves the contract without a usable administrator, now or on a day before the
 * contract ends: the last day any active administrator can still sign in (their own expiry or the
 * contract's end; none: for ever) may not move earlier than the contract's end. So the only
 * administrator cannot be disabled, demoted or given an expiry, not even today's, while another
 * administrator without one lets it happen. A change that does not shorten that last day (an
 * administrator already bounded by another's expiry, say) is not refused. A target that is not an
 * active administrator changes nothing here.
 */
export function leavesNoAdministrator(
  admins: ActiveAdministrator[],
  targetId: string,
  after: AdministratorAfterChange,
  today: string,
): boolean {
  const target = admins.find((a) => a.id === targetId);
  if (!target) return false;
  const contractEnds = target.contract_ends ?? FOREVER;
  const lastDay = (ends: (string | null)[]) =>
    ends.reduce<string>((latest, own) => {
      const day = own === null || own > contractEnds ? contractEnds : own;
      return day > latest ? day : latest;
    }, NEVER);
  const before = lastDay(admins.map((a) => a.ends));
  const changed = after({ ends: target.ends });
  const others = admins.filter((a) => a.id !== targetId).map((a) => a.ends);
  const afterwards = lastDay(changed ? [...others, changed.ends] : others);
  const stillUsable = afterwards !== NEVER && afterwards >= today;
  return !stillUsable || (afterwards < before && afterwards < contractEnds);
}
