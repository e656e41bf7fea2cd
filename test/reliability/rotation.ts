// Which cells of the fault matrix a quick run (npm test) exercises. Each fault meets one
// surface, and the surface moves on by one with every seed, so any run of as many
// consecutive seeds as there are surfaces covers every cell. The seed defaults to the UTC
// day: a week of daily runs covers the whole matrix, and a failing run is repeated with the
// seed it printed (with up to seven surfaces; an eighth would need a longer week). No `vscode`
// here: the runners and the unit tests import it.

/** Set by the in-editor runner for the extension host; never read from the user's shell. */
export const SEED_ENV = 'TOPCALLS_RELIABILITY_SEED';

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 (UTC). */
export function daySeed(now = Date.now()): number {
  return Math.floor(now / DAY_MS);
}

/** The seed of this run: `--seed N` when given, else today's. */
export function rotationSeed(flag: string | undefined, now = Date.now()): number {
  if (flag === undefined) return daySeed(now);
  if (!/^\d+$/.test(flag)) throw new Error(`--seed takes a whole number, got ${JSON.stringify(flag)}`);
  return Number(flag);
}

/** The seed the runner handed to the extension host. */
export function seedFromEnv(env: NodeJS.ProcessEnv): number {
  const value = env[SEED_ENV];
  if (value === undefined) return daySeed();
  if (!/^\d+$/.test(value)) throw new Error(`${SEED_ENV} must be a whole number, got ${JSON.stringify(value)}`);
  return Number(value);
}

/** Whether the quick run with `seed` puts fault number `fault` on surface number `surface`. */
export function inRotation(seed: number, fault: number, surface: number, surfaces: number): boolean {
  return (fault + seed) % surfaces === surface;
}
