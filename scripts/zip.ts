/**
 * `npm run zip`: build/build.zip from a production-only dependency set, offline.
 *
 * `zapier-platform build --skip-dep-install` zips from the app's own node_modules, and its file detection adds every
 * package.json under it — a thousand lone manifests of devDependencies — plus optional packages a devDependency
 * happens to install (`encoding` → `iconv-lite`, which node-fetch loads when present). Without --skip-dep-install
 * the CLI runs `npm install --production` in a copy, which needs the registry. Here: the app's own build script
 * runs, then the app is staged in a temporary directory with only the packages its `dependencies` reach (resolved
 * from package-lock.json the way Node resolves them, optional peers left out), copied from node_modules, and the
 * CLI builds there with the same flags (so it still checks that the zip loads). Nothing is downloaded.
 *
 *   node scripts/zip.ts [appDir]      appDir defaults to this app; the bench builds Zapier's template with it too
 */
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

interface LockEntry {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  link?: boolean;
}

/** The node_modules paths (as in package-lock.json) that the root's `dependencies` reach at run time. */
export function productionPackages(lock: { packages: Record<string, LockEntry> }): string[] {
  const packages = lock.packages;
  const seen = new Set<string>();
  /** Node's lookup: the nearest node_modules/<name> from `from` up to the root. */
  const locate = (from: string, name: string): string | undefined => {
    for (let dir = from; ;) {
      const candidate = `${dir ? `${dir}/` : ''}node_modules/${name}`;
      if (packages[candidate]) return candidate;
      if (!dir) return undefined;
      const up = dir.lastIndexOf('/node_modules/');
      dir = up < 0 ? '' : dir.slice(0, up);
    }
  };
  const visit = (path: string) => {
    const entry = packages[path] ?? {};
    const names = [
      ...Object.keys(entry.dependencies ?? {}),
      ...Object.keys(entry.optionalDependencies ?? {}),
      ...Object.keys(entry.peerDependencies ?? {}).filter((n) => !entry.peerDependenciesMeta?.[n]?.optional),
    ];
    for (const name of names) {
      const found = locate(path, name);
      if (!found || seen.has(found)) continue; // an optional dependency not installed on this platform
      seen.add(found);
      visit(found);
    }
  };
  visit('');
  return [...seen].sort();
}

function sh(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env, quiet = false): void {
  const result = spawnSync(command, args, { cwd, env, stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} (in ${cwd}) failed with ${result.status ?? result.signal}`);
}

/** Builds `<appDir>/build/build.zip` (and source.zip); returns the build.zip path. `buildScript: false` when it just ran. */
export function leanZip(appDir: string, cli: string, options: { buildScript?: boolean; quiet?: boolean } = {}): string {
  const pkg = JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  if (options.buildScript !== false && pkg.scripts?.['_zapier-build'])
    sh('npm', ['run', '--silent', '_zapier-build'], appDir, process.env, options.quiet);
  const lock = JSON.parse(readFileSync(join(appDir, 'package-lock.json'), 'utf8'));
  const stage = mkdtempSync(join(tmpdir(), 'zapier-stage-'));
  try {
    for (const entry of readdirSync(appDir)) {
      // The sandbox and the relay are ours, not the integration's: neither goes into build.zip or source.zip.
      if (['node_modules', 'build', '.git', 'sandbox', 'relay', '.relay-data'].includes(entry)) continue;
      cpSync(join(appDir, entry), join(stage, entry), { recursive: true });
    }
    for (const path of productionPackages(lock)) {
      // The package without its own node_modules: nested packages are in the list on their own when needed.
      cpSync(join(appDir, path), join(stage, path), {
        recursive: true,
        filter: (src) => !src.slice(join(appDir, path).length).includes('/node_modules'),
      });
    }
    // The build script ran above: the CLI skips it when it is "inside" it (npm_lifecycle_event).
    const env = { ...process.env, npm_lifecycle_event: '_zapier-build', DISABLE_ZAPIER_ANALYTICS: '1' };
    sh(cli, ['build', '--skip-dep-install', '--skip-validation'], stage, env, options.quiet);
    mkdirSync(join(appDir, 'build'), { recursive: true });
    for (const name of ['build.zip', 'source.zip'])
      if (existsSync(join(stage, 'build', name))) copyFileSync(join(stage, 'build', name), join(appDir, 'build', name));
    return join(appDir, 'build', 'build.zip');
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const appDir = resolve(process.argv[2] ?? root);
  const cli = join(root, 'node_modules', '.bin', 'zapier-platform');
  if (!existsSync(cli)) throw new Error(`no zapier-platform CLI at ${cli}: run npm ci first`);
  const zip = leanZip(appDir, cli);
  // adm-zip comes with zapier-platform-cli: list both archives and refuse one that carries the sandbox or the relay.
  const AdmZip = createRequire(join(root, 'node_modules', 'zapier-platform-cli', 'package.json'))('adm-zip') as new (path: string) => {
    getEntries(): { entryName: string }[];
  };
  for (const name of ['build.zip', 'source.zip']) {
    const stray = new AdmZip(join(dirname(zip), name)).getEntries().filter((e) => /^(sandbox|relay)\//.test(e.entryName));
    if (stray.length) throw new Error(`${name} carries ${stray.length} file(s) of the sandbox or the relay, e.g. ${stray[0]!.entryName}`);
  }
  console.log(`build.zip: ${zip}`);
}
