import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';

/** The menu after signing in: one card per management function. */
@Component({
  selector: 'app-top-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  templateUrl: './top-page.html',
})
export class TopPage {}
