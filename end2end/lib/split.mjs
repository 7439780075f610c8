// What the build split the app into (frontend/split): which page files exist and which
// pages use each. Read from the served loader, `<build>-wasm-split.js`, so tests and
// benchmarks see exactly what a browser gets.

/**
 * { build, main, files: Map(file name → page names), own: Map(page name → file name),
 *   packs: Map(pack file name → [page name, its files]) }
 */
export async function splitMap(base) {
  const html = await (await fetch(`${base}/`)).text();
  const glue = html.match(/\/frontend-([0-9a-f]{16})\.js/);
  if (!glue) throw new Error('no frontend-<hash>.js in index.html');
  const build = glue[1];
  const res = await fetch(`${base}/${build}-wasm-split.js`);
  if (!res.ok) throw new Error(`${build}-wasm-split.js: ${res.status}`);
  const js = await res.text();
  const files = new Map();
  const own = new Map();
  // Shared files: "/* page, page */ const __chunk_N = makeLoad(() => { … iocFetch("./F.wasm") …"
  for (const m of js.matchAll(/\/\* ([a-z0-9_, ]+) \*\/\s*const __chunk_\d+ = makeLoad\(\(\) => \{\s*const src = iocFetch\("\.\/([^"]+)"/g)) {
    files.set(m[2], m[1].split(',').map((s) => s.trim()));
  }
  // A page's own file (none when everything it needs is shared).
  for (const m of js.matchAll(/const ioc__wasm_split_load_([a-z0-9_]+) = wrapAsyncCb\(makeLoad\((?:\(\) => \{\s*const src = iocFetch\("\.\/([^"]+)")?/g)) {
    if (m[2]) {
      own.set(m[1], m[2]);
      files.set(m[2], [m[1]]);
    }
  }
  if (own.size === 0) throw new Error('no split pages found in the loader');
  // The first page a tab opens fetches its files as one pack.
  const packs = new Map();
  const table = js.match(/const iocPacks = (\{.*\});/);
  if (!table) throw new Error('no pack table in the loader');
  for (const [page, [pack, entries]] of Object.entries(JSON.parse(table[1]))) {
    packs.set(pack.replace('./', ''), [page, entries.map(([f]) => f.replace('./', ''))]);
  }
  return { build, main: `frontend-${build}_bg.wasm`, files, own, packs };
}

/** The file name of a URL. */
export const fileOf = (url) => new URL(url).pathname.split('/').pop();
