/**
 * CPU profiles of a bench child over IPC: `profile-start` begins one,
 * `profile-stop` writes it to .bench-profiles/ and answers `profiled` (with the file).
 * `allocations-start` / `allocations-stop` do the same for a sampling heap
 * profile of everything allocated meanwhile, collected or not (answering
 * `allocations` with the .heapprofile file).
 * A `memory` message answers process.memoryUsage() after a full garbage
 * collection when the process runs with --expose-gc.
 * Shared by the hub and the fan-out floor.
 */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';

/** Answers the profiling messages; returns whether `message` was one of them. */
export function profilingMessages(defaultName: string): (message: { type: string; name?: string }) => Promise<boolean> {
  const session = new Session();
  return async (message) => {
    if (message.type === 'profile-start') {
      session.connect();
      await session.post('Profiler.enable');
      // BENCH_PROFILE_INTERVAL_US: a finer sampling interval than V8's 1 ms, for short streams.
      const interval = Number(process.env.BENCH_PROFILE_INTERVAL_US);
      if (interval > 0) await session.post('Profiler.setSamplingInterval', { interval });
      await session.post('Profiler.start');
      return true;
    }
    if (message.type === 'profile-stop') {
      const { profile } = await session.post('Profiler.stop');
      fs.mkdirSync('.bench-profiles', { recursive: true });
      const file = path.resolve('.bench-profiles', `${message.name ?? defaultName}-${process.pid}.cpuprofile`);
      fs.writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
      process.send?.({ type: 'profiled', file });
      return true;
    }
    if (message.type === 'allocations-start') {
      session.connect();
      await session.post('HeapProfiler.enable');
      await session.post('HeapProfiler.startSampling', {
        samplingInterval: 32768,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: true,
      } as never);
      return true;
    }
    if (message.type === 'allocations-stop') {
      const { profile } = await session.post('HeapProfiler.stopSampling');
      fs.mkdirSync('.bench-profiles', { recursive: true });
      const file = path.resolve('.bench-profiles', `${message.name ?? defaultName}-${process.pid}.heapprofile`);
      fs.writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
      process.send?.({ type: 'allocations', file });
      return true;
    }
    if (message.type === 'memory') {
      (globalThis as { gc?: () => void }).gc?.();
      process.send?.({ type: 'memory', ...process.memoryUsage(), collected: typeof (globalThis as { gc?: () => void }).gc === 'function' });
      return true;
    }
    return false;
  };
}
