import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  computed,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { Observable, catchError, map, of, switchMap } from 'rxjs';
import { apiErrorOf } from '../../core/api/api-error';
import { SessionStore } from '../../core/session/session-store';
import { BusyButton } from '../../shared/busy/busy-button';
import { ErrorSummary, ErrorSummaryItem } from '../../shared/error-summary/error-summary';
import { HoldsUnkeptSecret, warnBeforeUnload } from '../../shared/leave-guard/leave-guard';
import { FieldError } from '../../shared/field-error/field-error';
import { FocusOnShow } from '../../shared/focus/focus-on-show';
import { SessionList, SessionSummary } from '../../shared/session-list/session-list';
import { AccountListMemory } from './account-list-memory';
import { Account, AdminApi, IssuedAccount } from './admin-api';
import { formatDate, formatDateTime, mfaLabel, roleLabel, stateLabel } from './admin-labels';
import { TemporaryPassword } from './temporary-password';

type ActionKind =
  | 'reissue'
  | 'setExpiry'
  | 'clearExpiry'
  | 'disable'
  | 'enable'
  | 'makeAdmin'
  | 'makeUser'
  | 'resetMfa'
  | 'unlock'
  | 'endSessions';

interface Action {
  readonly kind: ActionKind;
  readonly title: string;
  readonly question: string;
  readonly confirm: string;
}

const EXPIRY_FIELD_ID = 'detail-expires-on';

function actions(): Record<ActionKind, Omit<Action, 'kind'>> {
  return {
    reissue: {
      title: $localize`:@@admin.confirmTitle.reissue:仮パスワードを再発行`,
      question: $localize`:@@admin.action.reissueQuestion:新しい仮パスワードを発行します。今のパスワードは使えなくなり、ログイン中のセッションは終了します。次のログインでパスワードの変更が求められます。`,
      confirm: $localize`:@@admin.action.reissueConfirm:再発行する`,
    },
    setExpiry: {
      title: $localize`:@@admin.confirmTitle.setExpiry:有効期限を設定`,
      question: $localize`:@@admin.action.setExpiryQuestion:アカウント有効期限を変更します。過去の日付の場合、このアカウントはすぐに使えなくなり、ログイン中のセッションは終了します。`,
      confirm: $localize`:@@admin.action.setExpiryConfirm:設定する`,
    },
    clearExpiry: {
      title: $localize`:@@admin.confirmTitle.clearExpiry:有効期限を解除`,
      question: $localize`:@@admin.action.clearExpiryQuestion:アカウント有効期限を解除します (契約のサービス終了日は引き続き適用されます)。`,
      confirm: $localize`:@@admin.action.clearExpiryConfirm:解除する`,
    },
    disable: {
      title: $localize`:@@admin.confirmTitle.disable:無効にする`,
      question: $localize`:@@admin.action.disableQuestion:このアカウントを無効にします。ログインできなくなり、ログイン中のセッションはすぐに終了します。`,
      confirm: $localize`:@@admin.action.disableConfirm:無効にする`,
    },
    enable: {
      title: $localize`:@@admin.confirmTitle.enable:有効にする`,
      question: $localize`:@@admin.action.enableQuestion:このアカウントを有効にし、再びログインできるようにします。`,
      confirm: $localize`:@@admin.action.enableConfirm:有効にする`,
    },
    makeAdmin: {
      title: $localize`:@@admin.confirmTitle.makeAdmin:アカウント管理者にする`,
      question: $localize`:@@admin.action.makeAdminQuestion:このアカウントをアカウント管理者にします。契約のすべてのアカウントを管理できるようになります。`,
      confirm: $localize`:@@admin.action.makeAdminConfirm:アカウント管理者にする`,
    },
    makeUser: {
      title: $localize`:@@admin.confirmTitle.makeUser:一般ユーザにする`,
      question: $localize`:@@admin.action.makeUserQuestion:このアカウントを一般ユーザにします。アカウント管理はできなくなります。`,
      confirm: $localize`:@@admin.action.makeUserConfirm:一般ユーザにする`,
    },
    resetMfa: {
      title: $localize`:@@admin.confirmTitle.resetMfa:多要素認証をリセット`,
      question: $localize`:@@admin.action.resetMfaQuestion:多要素認証の設定、リカバリーコードとパスキーを削除し、ログイン中のセッションを終了します。利用者は次のログイン後に設定し直せます。`,
      confirm: $localize`:@@admin.action.resetMfaConfirm:リセットする`,
    },
    unlock: {
      title: $localize`:@@admin.confirmTitle.unlock:ロックを解除`,
      question: $localize`:@@admin.action.unlockQuestion:連続したログイン失敗または認証コードの誤りによるロックを解除します。失敗の回数は 0 に戻り、すぐにログインできるようになります。`,
      confirm: $localize`:@@admin.action.unlockConfirm:解除する`,
    },
    endSessions: {
      title: $localize`:@@admin.confirmTitle.endSessions:すべてのセッションを終了`,
      question: $localize`:@@admin.action.endSessionsQuestion:このアカウントのログイン中のセッションをすべて終了します。`,
      confirm: $localize`:@@admin.action.endSessionsConfirm:終了する`,
    },
  };
}

type Load = { status: 'loading' } | { status: 'ready' } | { status: 'missing' };
type SessionsLoad =
  | { status: 'loading' }
  | { status: 'ready'; sessions: readonly SessionSummary[] }
  | { status: 'failed' };
const LOADING: Load = { status: 'loading' };

/** One account of the contract, with the administrator's actions; each asks for confirmation. */
@Component({
  selector: 'app-account-detail-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    BusyButton,
    FieldError,
    FocusOnShow,
    ReactiveFormsModule,
    RouterLink,
    ErrorSummary,
    SessionList,
    TemporaryPassword,
  ],
  templateUrl: './account-detail-page.html',
})
export class AccountDetailPage implements HoldsUnkeptSecret {
  private readonly api = inject(AdminApi);
  private readonly store = inject(SessionStore);

  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);
  private readonly dialog = viewChild<ElementRef<HTMLDialogElement>>('dialog');
  protected readonly expiryFieldId = EXPIRY_FIELD_ID;
  /** The list as the administrator left it, for the way back. */
  protected readonly listQuery = inject(AccountListMemory).queryParams;
  protected readonly roleLabel = roleLabel;
  protected readonly stateLabel = stateLabel;
  protected readonly mfaLabel = mfaLabel;
  protected readonly formatDate = formatDate;
  protected readonly formatDateTime = formatDateTime;

  protected readonly account = signal<Account | null>(null);
  protected readonly load = toSignal(
    this.route.paramMap.pipe(
      map((params) => params.get('id') ?? ''),
      switchMap((id) =>
        this.api.find(id).pipe(
          map((account): Load => {
            this.account.set(account);
            this.expiry.setValue(account.expiresOn ?? '');
            this.loadSessions(account.id);
            return { status: 'ready' };
          }),
          catchError(() => of<Load>({ status: 'missing' })),
        ),
      ),
    ),
    { initialValue: LOADING },
  );

  /** Where the account is signed in; read again after every action, most of which end them. */
  protected readonly sessions = signal<SessionsLoad>({ status: 'loading' });
  protected readonly sessionList = computed(() => {
    const load = this.sessions();
    return load.status === 'ready' ? load.sessions : null;
  });

  protected readonly isSelf = computed(
    () => this.account()?.username === this.store.session()?.username,
  );
  protected readonly expiry = inject(NonNullableFormBuilder).control('');
  protected readonly asking = signal<Action | null>(null);
  /** The last action's result; a new object each time, so the notice takes focus again. */
  protected readonly done = signal<{ readonly message: string } | null>(null);
  protected readonly reissued = signal<IssuedAccount | null>(null);
  /** The reissued temporary password was copied. */
  protected readonly kept = signal(false);
  readonly unkept = computed(() => this.reissued() !== null && !this.kept());

  constructor() {
    warnBeforeUnload(this.unkept);
  }
  protected readonly problems = signal<readonly ErrorSummaryItem[]>([]);
  protected readonly expiryErrors = computed(() =>
    this.problems()
      .filter((problem) => problem.targetId === EXPIRY_FIELD_ID)
      .map((problem) => problem.message),
  );
  protected readonly pending = signal(false);

  protected ask(kind: ActionKind): void {
    if (kind === 'setExpiry' && this.expiry.value === '') {
      this.problems.set([
        {
          targetId: EXPIRY_FIELD_ID,
          message: $localize`:@@admin.detail.expiryRequired:有効期限の日付を入力してください。`,
        },
      ]);
      return;
    }
    this.problems.set([]);
    const action = { kind, ...actions()[kind] };
    // Demoting oneself ends one's own administration: said before, followed at once after.
    this.asking.set(
      kind === 'makeUser' && this.isSelf()
        ? {
            ...action,
            question: $localize`:@@admin.action.makeSelfUserQuestion:ご自身を一般ユーザにします。アカウント管理ができなくなり、この画面を含むアカウント管理の画面は使えなくなります。`,
          }
        : action,
    );
    this.dialog()?.nativeElement.showModal();
  }

  /** Escape or キャンセル; while the server is asked, the dialog stays (its answer closes it). */
  protected cancel(event?: Event): void {
    if (this.pending()) {
      event?.preventDefault();
      return;
    }
    this.close();
  }

  private close(): void {
    this.dialog()?.nativeElement.close();
    this.asking.set(null);
  }

  protected confirm(): void {
    const action = this.asking();
    const account = this.account();
    if (!action || !account || this.pending()) return;
    // The dialog stays open, its button busy, until the server answers.
    this.pending.set(true);
    this.run(action.kind, account.id).subscribe({
      next: (result) => {
        this.pending.set(false);
        this.close();
        this.reissued.set(null);
        if ('temporaryPassword' in result) {
          this.kept.set(false);
          this.reissued.set(result);
          this.refresh(account.id);
        } else {
          this.account.set(result);
          this.expiry.setValue(result.expiresOn ?? '');
          if (action.kind === 'makeUser' && this.isSelf()) {
            // The header and menu follow the new role, and the admin area is left.
            void this.store.load().then(() => this.router.navigateByUrl('/'));
            return;
          }
        }
        this.loadSessions(account.id);
        this.problems.set([]);
        this.done.set({
          message: $localize`:@@admin.detail.done:「${action.title}:action:」を実行しました。`,
        });
      },
      error: (error: unknown) => {
        this.pending.set(false);
        this.close();
        this.done.set(null);
        const body = apiErrorOf(error);
        const fields = body?.errors ?? [];
        this.problems.set(
          fields.length > 0
            ? fields.map((e) => ({
                targetId: e.field === 'expiresOn' ? EXPIRY_FIELD_ID : undefined,
                message: e.message,
              }))
            : [
                {
                  message:
                    body?.message ||
                    $localize`:@@admin.failed:処理できませんでした。時間をおいて再度お試しください。`,
                },
              ],
        );
      },
    });
  }

  private run(kind: ActionKind, id: string): Observable<Account | IssuedAccount> {
    switch (kind) {
      case 'reissue':
        return this.api.reissue(id);
      case 'setExpiry':
        return this.api.setExpiry(id, this.expiry.value);
      case 'clearExpiry':
        return this.api.setExpiry(id, null);
      case 'disable':
        return this.api.setDisabled(id, true);
      case 'enable':
        return this.api.setDisabled(id, false);
      case 'makeAdmin':
        return this.api.setRole(id, 'admin');
      case 'makeUser':
        return this.api.setRole(id, 'user');
      case 'resetMfa':
        return this.api.resetMfa(id);
      case 'unlock':
        return this.api.unlock(id);
      case 'endSessions':
        return this.api.endSessions(id);
    }
  }

  private refresh(id: string): void {
    this.api.find(id).subscribe((account) => this.account.set(account));
  }

  private loadSessions(id: string): void {
    this.api.sessions(id).subscribe({
      next: (sessions) => this.sessions.set({ status: 'ready', sessions }),
      error: () => this.sessions.set({ status: 'failed' }),
    });
  }
}
