import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';
import { MenuCard } from '../../shared/menu-card/menu-card';

/** The menu after signing in: one card per management function. */
@Component({
  selector: 'app-top-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MenuCard],
  templateUrl: './top-page.html',
})
export class TopPage {}
