// Starts the project's emulator on a free loopback port, serving the benchmark page as its
// www/ so that page, bundles and API share one origin (no CORS preflights in the timings).

import path from 'node:path';

import { adminCall, spawnEmulator } from '../../tests/support/emulator.mjs';

const START_TIMEOUT_MS = 20_000;
const ADMIN_TIMEOUT_MS = 10_000;

export async function startEmulator(root, wwwDir) {
  const { url, stop } = await spawnEmulator({
    args: ['--host', '127.0.0.1', '--admin', '--quiet', '--www', wwwDir, '--pkg', path.join(root, 'pkg')],
    cwd: root,
    timeoutMs: START_TIMEOUT_MS,
  });
  const admin = (method, route) => adminCall(url, method, route, undefined, { timeoutMs: ADMIN_TIMEOUT_MS });

  return {
    url,
    stop,
    /** Back to the initial world: no schedules, empty request journal. */
    reset: () => admin('POST', '/_emulator/reset'),
    /** The API requests seen since the last reset (preflights and static files left out). */
    async requests() {
      const answer = await admin('GET', '/_emulator/requests');
      const records = Array.isArray(answer) ? answer : answer?.requests;
      if (!Array.isArray(records)) throw new Error('unexpected /_emulator/requests answer');
      return records.filter((r) => /^\/(indexes|backup-schedules)\//.test(r.path) && r.method !== 'OPTIONS');
    },
  };
}
