import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { catchError, map, of } from 'rxjs';
import { ConfigApi, PublicConfig } from '../../core/config/config-api';
import { MenuCard } from '../../shared/menu-card/menu-card';

/**
 * 管理機能利用設定: the submenu, each entry with what it does, and where the support site explains
 * each function (the manual's two links, their pages set by configuration).
 */
@Component({
  selector: 'app-settings-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MenuCard],
  templateUrl: './settings-page.html',
})
export class SettingsPage {
  protected readonly config = toSignal(
    inject(ConfigApi)
      .get()
      .pipe(
        map((config): PublicConfig | null => config),
        catchError(() => of(null)),
      ),
    { initialValue: null },
  );
}
