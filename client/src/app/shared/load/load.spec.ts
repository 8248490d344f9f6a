import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Subject } from 'rxjs';
import { loadLatest } from './load';

describe(loadLatest.name, () => {
  it('is loading until the answer to the latest query comes, and ignores older answers', () => {
    const answers = new Map<string, Subject<string>>();
    const query = signal('a');
    const load = TestBed.runInInjectionContext(() =>
      loadLatest(query, (q) => {
        const answer = new Subject<string>();
        answers.set(q, answer);
        return answer;
      }),
    );
    expect(load()).toEqual({ status: 'loading' });
    TestBed.tick();
    answers.get('a')!.next('A');
    expect(load()).toEqual({ status: 'ready', value: 'A' });

    query.set('b');
    TestBed.tick();
    expect(load()).toEqual({ status: 'loading' });
    query.set('c');
    TestBed.tick();
    answers.get('b')!.next('B');
    expect(load()).toEqual({ status: 'loading' });
    answers.get('c')!.next('C');
    expect(load()).toEqual({ status: 'ready', value: 'C' });
  });

  it('fails when the request fails, and loads again on the next query', () => {
    const query = signal(1);
    const answers: Subject<number>[] = [];
    const load = TestBed.runInInjectionContext(() =>
      loadLatest(query, () => {
        answers.push(new Subject<number>());
        return answers[answers.length - 1];
      }),
    );
    TestBed.tick();
    answers[0].error(new Error('500'));
    expect(load()).toEqual({ status: 'failed' });
    query.set(2);
    TestBed.tick();
    expect(load()).toEqual({ status: 'loading' });
    answers[1].next(2);
    expect(load()).toEqual({ status: 'ready', value: 2 });
  });
});
