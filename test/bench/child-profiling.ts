/**
 * CPU profiles of a bench child over IPC: `profile-start` begins one,
 * `profile-stop` writes it to .bench-profiles/ and answers `profiled`.
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
      await session.post('Profiler.start');
      return true;
    }
    if (message.type === 'profile-stop') {
      const { profile } = await session.post('Profiler.stop');
      fs.mkdirSync('.bench-profiles', { recursive: true });
      fs.writeFileSync(path.join('.bench-profiles', `${message.name ?? defaultName}-${process.pid}.cpuprofile`), JSON.stringify(profile));
      session.disconnect();
      process.send?.({ type: 'profiled' });
      return true;
    }
    return false;
  };
}
