import { ChangeDetectionStrategy, Component, computed, effect, input, signal } from '@angular/core';
import { PasswordCandidate, PasswordPolicyRule, evaluateRule, ruleLabel } from './password-policy';

/**
 * met / not met as the user types; `neutral` before the first keystroke (nothing is wrong yet);
 * `server` for rules only the server can check on submit.
 */
export type ChecklistState = 'met' | 'unmet' | 'neutral' | 'server';

export interface ChecklistItem {
  readonly code: string;
  readonly label: string;
  readonly state: ChecklistState;
}

/** How long typing must pause before the screen reader hears the new count. */
const ANNOUNCE_AFTER_MS = 1000;

/**
 * The live checklist of the password policy under the new-password field. Every change of state is
 * in text (not only colour); screen readers hear one polite summary after typing pauses rather than
 * every keystroke.
 */
@Component({
  selector: 'app-policy-checklist',
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './policy-checklist.html',
})
export class PolicyChecklist {
  readonly checklistId = input.required<string>();
  readonly rules = input.required<readonly PasswordPolicyRule[]>();
  readonly candidate = input.required<PasswordCandidate>();
  /** Rule codes the server refused on the last submit. */
  readonly serverFailures = input<readonly string[]>([]);

  protected readonly items = computed<ChecklistItem[]>(() => {
    const candidate = this.candidate();
    const refused = this.serverFailures();
    return this.rules().map((rule) => {
      const result = evaluateRule(rule, candidate);
      let state: ChecklistState;
      if (result === null) state = refused.includes(rule.code) ? 'unmet' : 'server';
      else if (candidate.password === '') state = 'neutral';
      else state = result ? 'met' : 'unmet';
      return { code: rule.code, label: ruleLabel(rule), state };
    });
  });

  private readonly progress = computed(() => {
    const checked = this.items().filter(
      (item) => item.state !== 'server' && item.state !== 'neutral',
    );
    const met = checked.filter((item) => item.state === 'met').length;
    return $localize`:@@policy.checklist.progress:パスワードの条件 ${checked.length}:total:件中 ${met}:met:件を満たしています。`;
  });

  protected readonly announcement = signal('');

  constructor() {
    effect((onCleanup) => {
      const text = this.progress();
      if (this.candidate().password === '') return;
      const timer = setTimeout(() => this.announcement.set(text), ANNOUNCE_AFTER_MS);
      onCleanup(() => clearTimeout(timer));
    });
  }
}
