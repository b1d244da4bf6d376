/**
 * The embedded database's data folder holds `hub.lock`: the PID of the hub
 * using it, its PostgreSQL port and, once serving, its address. A second
 * start reads it to refuse (or, for a script, to attach); a lock whose
 * process is gone is stale and taken over.
 */
import fs from 'node:fs';
import path from 'node:path';

/** What a lock says about the hub holding the folder. */
export interface LockHolder {
  pid: number;
  pgPort: number;
  hubUrl?: string;
}

export interface DataFolderClaim {
  /** Set when a live hub holds the folder: nothing was claimed. */
  runningHub?: LockHolder;
  announce(hubUrl: string): void;
  release(): void;
}

/** Whether a process with this id exists (signal 0 checks without sending). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function read(lockFile: string): LockHolder | undefined {
  try {
    const holder = JSON.parse(fs.readFileSync(lockFile, 'utf8')) as LockHolder;
    return Number.isInteger(holder.pid) ? holder : undefined;
  } catch {
    return undefined;
  }
}

/** Takes the folder for this process, unless a live process holds it. */
export function claimDataFolder(dataDir: string, pgPort: number): DataFolderClaim {
  const lockFile = path.join(dataDir, 'hub.lock');
  const mine: LockHolder = { pid: process.pid, pgPort };
  const write = (flag: 'wx' | 'w') => fs.writeFileSync(lockFile, `${JSON.stringify(mine)}\n`, { flag, mode: 0o644 });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      write('wx');
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = read(lockFile);
      if (holder && isAlive(holder.pid)) return { runningHub: holder, announce: () => {}, release: () => {} };
      fs.rmSync(lockFile, { force: true });
    }
  }
  let held = true;
  return {
    announce: (hubUrl) => {
      if (!held) return;
      mine.hubUrl = hubUrl;
      write('w');
    },
    release: () => {
      if (!held) return;
      held = false;
      if (read(lockFile)?.pid === process.pid) fs.rmSync(lockFile, { force: true });
    },
  };
}
