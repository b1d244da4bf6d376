/** Garbage collection on demand, for tests that check what a hub keeps alive. */
import v8 from 'node:v8';
import vm from 'node:vm';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** Collects garbage until nothing in `refs` is alive or `rounds` collections have run; returns how many are still alive. */
export async function aliveAfterGc(refs: Array<WeakRef<object>>, rounds = 20): Promise<number> {
  for (let round = 0; round < rounds; round++) {
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    if (refs.every((ref) => ref.deref() === undefined)) return 0;
  }
  return refs.filter((ref) => ref.deref() !== undefined).length;
}

/** A WeakRef to every fork made of `em` while `work` runs (a test then asks `aliveAfterGc` of them). */
export async function forksMadeDuring<E extends { fork: (...args: never[]) => object }>(
  em: E,
  work: (forks: Array<WeakRef<object>>) => Promise<void>,
): Promise<Array<WeakRef<object>>> {
  const forks: Array<WeakRef<object>> = [];
  const fork = em.fork;
  em.fork = function (this: E, ...args: Parameters<E['fork']>) {
    const forked = fork.apply(this, args);
    forks.push(new WeakRef(forked));
    return forked;
  } as E['fork'];
  try {
    await work(forks);
  } finally {
    em.fork = fork;
  }
  return forks;
}

/**
 * `aliveAfterGc`, asked again until `withinMs` has passed: for what something may hold for a moment after the work
 * (a timer's first tick, a pending background write) but must not keep.
 */
export async function aliveAfterGcWithin(refs: Array<WeakRef<object>>, withinMs: number): Promise<number> {
  const until = Date.now() + withinMs;
  for (;;) {
    const alive = await aliveAfterGc(refs, 3);
    if (alive === 0 || Date.now() >= until) return alive;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
