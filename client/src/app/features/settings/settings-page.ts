import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { catchError, map, of } from 'rxjs';
import { ConfigApi } from '../../core/config/config-api';
import { MenuCard } from '../../shared/menu-card/menu-card';

/** 管理機能利用設定: the submenu, and where the support site explains each function. */
@Component({
  selector: 'app-settings-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MenuCard],
  templateUrl: './settings-page.html',
})
export class SettingsPage {
  protected readonly supportUrl = toSignal(
    inject(ConfigApi)
      .get()
      .pipe(
        map((config) => config.supportUrl || null),
        catchError(() => of(null)),
      ),
    { initialValue: null },
  );
}
