import { Signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { Observable, catchError, map, of, startWith, switchMap } from 'rxjs';

export type Load<T> = { status: 'loading' } | { status: 'ready'; value: T } | { status: 'failed' };

const LOADING: Load<never> = { status: 'loading' };

/**
 * Loads `loader(query)` for each query the signal holds, dropping the answer to an older query:
 * `loading` until the answer comes, then `ready` with it, or `failed` if the request fails.
 * Call it in an injection context (a field initializer).
 */
export function loadLatest<Q, T>(
  query: Signal<Q>,
  loader: (query: Q) => Observable<T>,
): Signal<Load<T>> {
  return toSignal(
    toObservable(query).pipe(
      switchMap((q) =>
        loader(q).pipe(
          map((value): Load<T> => ({ status: 'ready', value })),
          catchError(() => of<Load<T>>({ status: 'failed' })),
          startWith<Load<T>>({ status: 'loading' }),
        ),
      ),
    ),
    { initialValue: LOADING },
  );
}
