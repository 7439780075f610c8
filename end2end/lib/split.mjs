// What the build split the app into (frontend/split): which page files exist and which
// pages use each, from the map the build writes beside the loader (`<build>-split-map.json`,
// never fetched by browsers), so tests and benchmarks see exactly what a browser gets.

/**
 * { build, main, files: Map(file name → page names), own: Map(page name → file name),
 *   packs: Map(pack file name → [page name, its files]) }
 */
export async function splitMap(base) {
  const html = await (await fetch(`${base}/`)).text();
  // Trunk writes its hash without leading zeros: 16 hex digits, or fewer.
  const glue = html.match(/\/frontend-([0-9a-f]{1,16})\.js/);
  if (!glue) throw new Error('no frontend-<hash>.js in index.html');
  const build = glue[1];
  const res = await fetch(`${base}/${build}-split-map.json`);
  if (!res.ok) throw new Error(`${build}-split-map.json: ${res.status}`);
  const map = await res.json();
  const own = new Map(Object.entries(map.own));
  if (own.size === 0) throw new Error('no split pages in the split map');
  return {
    build,
    main: `frontend-${build}_bg.wasm`,
    files: new Map(Object.entries(map.files)),
    own,
    packs: new Map(Object.entries(map.packs)),
  };
}

/** The file name of a URL. */
export const fileOf = (url) => new URL(url).pathname.split('/').pop();
