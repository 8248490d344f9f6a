import { Injectable, inject } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { RouterStateSnapshot, TitleStrategy } from '@angular/router';

/** "<page> | Tobira 管理機能", so that each tab and each history entry names its screen. */
@Injectable({ providedIn: 'root' })
export class PageTitleStrategy extends TitleStrategy {
  private readonly title = inject(Title);

  override updateTitle(snapshot: RouterStateSnapshot): void {
    const product = $localize`:@@title.product:Tobira 管理機能`;
    const page = this.buildTitle(snapshot);
    this.title.setTitle(page ? `${page} | ${product}` : product);
  }
}
