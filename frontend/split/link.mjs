// Trunk's post-build hook: places the page files that `wasm-bindgen` (the splitting step in
// this folder) cut out of the app next to the app's main module in the staging folder,
// optimised; packs each page's files into one for the first page a tab opens; and lets
// index.html start a public page's pack with the main module. Every file is named after the
// build (Trunk's hash of the wasm cargo built), so the server may cache it for a year and a
// tab left open across a release never mixes two builds.
import binaryen from 'binaryen';
import fs from 'node:fs';
import path from 'node:path';

const fail = (why) => {
  console.error(`frontend/split/link.mjs: ${why}`);
  process.exit(1);
};
const staging = process.env.TRUNK_STAGING_DIR;
const profile = process.env.TRUNK_PROFILE;
if (!staging || !profile) fail('run me as a Trunk post_build hook');
const target = process.env.CARGO_TARGET_DIR || 'target';
const splitDir = path.join(target, 'wasm-bindgen', profile, 'ioc-split');

// Trunk writes its 64-bit hash without leading zeros: 16 hex digits, or fewer.
const glueName = fs.readdirSync(staging).find((f) => /^frontend-[0-9a-f]{1,16}\.js$/.test(f));
if (!glueName) fail(`no frontend-<hash>.js in ${staging}`);
const build = glueName.slice('frontend-'.length, -'.js'.length);
const gluePath = path.join(staging, glueName);
let glue = fs.readFileSync(gluePath, 'utf8');
// Only the import statements: the import object's keys stay the wasm's own module name.
const linkImport = /(from\s*)(["'])\.\/__wasm_split\.js\2/g;
if (!linkImport.test(glue)) {
  fail('the app was not split (its glue does not import ./__wasm_split.js): build it with ./x build');
}
if (!fs.existsSync(path.join(splitDir, '__wasm_split.js'))) fail(`no split output in ${splitDir}`);

// The page files come straight from the splitter, unoptimised and with their debug names.
// Custom sections go first (the browser needs none), then binaryen optimises each for size
// as Trunk's wasm-opt -Oz does the main module: in this one process, as its command line
// costs a second per file and the app has hundreds.
const leb = (buf, at) => {
  let value = 0;
  let shift = 0;
  for (;;) {
    if (at >= buf.length) fail('a page file is truncated');
    const byte = buf[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, at];
  }
};
const stripCustomSections = (buf) => {
  const parts = [buf.subarray(0, 8)];
  let at = 8;
  while (at < buf.length) {
    const start = at;
    const id = buf[at];
    const [size, body] = leb(buf, at + 1);
    at = body + size;
    if (at > buf.length) fail('a page file is truncated');
    if (id !== 0) parts.push(buf.subarray(start, at));
  }
  return Buffer.concat(parts);
};
// binaryen's settings are global: -Oz, as Trunk's wasm-opt for the main module, no names.
binaryen.setOptimizeLevel(2);
binaryen.setShrinkLevel(2);
binaryen.setDebugInfo(false);
// The features Trunk's wasm-opt is given for the main module (index.html).
const f = binaryen.Features;
const features =
  f.MVP | f.SignExt | f.MutableGlobals | f.BulkMemory | (f.BulkMemoryOpt ?? 0) | f.NontrappingFPToInt;
const optimise = (buf) => {
  const module = binaryen.readBinary(stripCustomSections(buf));
  module.setFeatures(features);
  module.optimize();
  const out = module.emitBinary();
  module.dispose();
  return out;
};

let link = fs.readFileSync(path.join(splitDir, '__wasm_split.js'), 'utf8');
const pages = fs.readdirSync(splitDir).filter((f) => f.endsWith('.wasm') && f !== 'main.wasm');
const built = new Map(); // new name → optimised bytes
for (const page of pages) {
  const name = `${build}-${page}`;
  built.set(name, optimise(fs.readFileSync(path.join(splitDir, page))));
  fs.writeFileSync(path.join(staging, name), built.get(name));
  link = link.split(`"./${page}"`).join(`"./${name}"`);
}

// Packs. A page needs its own file and dozens of small shared ones (one per set of pages
// that share code); fetched one by one they cost a round trip each past the browser's six
// connections and compress worse. So the first page a tab opens gets all of its files in
// one response; pages opened later fetch the few they still miss one by one.
const fileOf = new Map(); // chunk variable → file
for (const m of link.matchAll(/const (__chunk_\d+) = makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/([^"]+)"/g)) {
  fileOf.set(m[1], m[2]);
}
const packs = {};
const loaders = [...link.matchAll(/export const __wasm_split_load_(\w+) = wrapAsyncCb\(makeLoad\(([\s\S]*?), \[([^\]]*)\]\)\);/g)];
if (loaders.length === 0) fail('no page loaders in __wasm_split.js (has wasm-split-cli changed?)');
for (const [, split, fetcher, deps] of loaders) {
  const own = fetcher.match(/new URL\("\.\/([^"]+)"/);
  const files = deps
    .split(',')
    .map((d) => d.trim())
    .filter(Boolean)
    .map((d) => fileOf.get(d) ?? fail(`unknown chunk ${d}`));
  if (own) files.push(own[1]);
  // The pack carries its own index (a 4-byte length, then JSON [[file, bytes], …]), so the
  // loader every page downloads does not carry every pack's.
  const index = Buffer.from(JSON.stringify(files.map((f) => [`./${f}`, built.get(f)?.length ?? fail(`no file ${f}`)])));
  const head = Buffer.alloc(4);
  head.writeUInt32LE(index.length);
  const pack = `${build}-pack-${split}.bin`;
  fs.writeFileSync(path.join(staging, pack), Buffer.concat([head, index, ...files.map((f) => built.get(f))]));
  packs[split] = [`./${pack}`, files];
}
// Which pages use each file, for the end-to-end tests and benchmarks (browsers never fetch
// it): the splitter writes it as a comment above each file's loader, dropped from the loader.
const splitMap = { files: {}, own: {}, packs: {} };
for (const m of link.matchAll(/\/\* ([a-z0-9_, ]+) \*\/\s*const __chunk_\d+ = makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/([^"]+)"/g)) {
  splitMap.files[m[2]] = m[1].split(',').map((x) => x.trim());
}
for (const [, split, fetcher] of loaders) {
  const own = fetcher.match(/new URL\("\.\/([^"]+)"/);
  if (own) {
    splitMap.own[split] = own[1];
    splitMap.files[own[1]] = [split];
  }
}
for (const [split, [pack, files]] of Object.entries(packs)) splitMap.packs[pack.slice(2)] = [split, files];
if (Object.keys(splitMap.files).length === 0) fail('no page lists above the loaders (has wasm-split-cli changed?)');
fs.writeFileSync(path.join(staging, `${build}-split-map.json`), JSON.stringify(splitMap));
link = link.replace(/\/\* [a-z0-9_, ]+ \*\/\n/g, '');
link = link.replace(/fetch\(new URL\(("\.\/[^"]+"), import\.meta\.url\)\)/g, 'iocFetch($1)');
link = link.replace(/export const (__wasm_split_load_\w+) = /g, (_, name) => {
  return `const ioc${name} = `;
});
link += `
/* Packs (frontend/split/link.mjs): the first page a tab opens fetches its files in one
   response, which starts with its own index; a failed pack falls back to the files. */
const iocPacks = ${JSON.stringify(Object.fromEntries(Object.entries(packs).map(([split, [pack]]) => [split, pack])))};
let iocPack;
function iocFetch(name) {
  const url = new URL(name, import.meta.url);
  if (!iocPack) return fetch(url);
  return iocPack.then((files) => {
    const bytes = files.get(name);
    if (!bytes) return fetch(url);
    files.delete(name);
    return new Response(bytes, { headers: { 'content-type': 'application/wasm' } });
  }, () => fetch(url));
}
function iocFirstFromPack(split, load) {
  return (...args) => {
    if (!iocPack && iocPacks[split]) {
      const url = new URL(iocPacks[split], import.meta.url);
      iocPack = fetch(url).then((r) => {
        if (!r.ok) throw new Error(\`\${url}: \${r.status}\`);
        return r.arrayBuffer();
      }).then((buf) => {
        const n = new DataView(buf).getUint32(0, true);
        const files = new Map();
        let at = 4 + n;
        for (const [name, len] of JSON.parse(new TextDecoder().decode(new Uint8Array(buf, 4, n)))) {
          files.set(name, buf.slice(at, at + len));
          at += len;
        }
        return files;
      });
      iocPack.catch(() => {});
    }
    return load(...args);
  };
}
${loaders.map(([, split]) => `export const __wasm_split_load_${split} = iocFirstFromPack(${JSON.stringify(split)}, ioc__wasm_split_load_${split});`).join('\n')}
`;
link = link.replace(/(["'])\.\/main\.js\1/g, `"./${glueName}"`);
const linkName = `${build}-wasm-split.js`;
fs.writeFileSync(path.join(staging, linkName), link);
glue = glue.replace(linkImport, (_, from) => `${from}"./${linkName}"`);
fs.writeFileSync(gluePath, glue);

// A public page's pack starts downloading with the main module instead of after it: the
// page named by the address (`/` → public_home, `/report` → public_report, `/report/{code}` →
// public_report_item; chunk names follow the paths, an end-to-end test checks it). Only
// public pages: a dashboard's code is fetched once its guard has let the reader in.
const base = process.env.TRUNK_PUBLIC_URL || '/';
const publicPacks = Object.fromEntries(
  Object.entries(packs)
    .filter(([split]) => split.startsWith('public_'))
    .map(([split, [pack]]) => [split, base + pack.slice(2)]),
);
const preload = `(function(){var p=${JSON.stringify(publicPacks)};var s=location.pathname.split('/').filter(Boolean);var u=p[s.length?'public_'+s[0].replace(/-/g,'_')+(s.length>1?'_item':''):'public_home'];if(u){var l=document.createElement('link');l.rel='preload';l.as='fetch';l.crossOrigin='anonymous';l.href=u;document.head.appendChild(l);}})();`;
const indexPath = path.join(staging, 'index.html');
let index = fs.readFileSync(indexPath, 'utf8');
// Paint first, then fetch the code. The server draws a public page's first screen into
// index.html (#prepaint); the app's files start downloading once that is on screen, so on
// a slow network they do not compete with it (a hidden tab starts at once). Trunk's own
// preload links would start them during parsing, so they go; its loader becomes this.
const loader = index.match(/<script type="module">\s*import init, \* as bindings from '([^']+)';\s*const wasm = await init\(\{ module_or_path: '([^']+)' \}\);[\s\S]*?<\/script>/);
if (!loader) fail("Trunk's loader script not found in index.html (Trunk changed?)");
const [, jsUrl, wasmUrl] = loader;
const preloads = new RegExp(`<link rel="modulepreload" href="${jsUrl}"[^>]*>|<link rel="preload" href="${wasmUrl}"[^>]*>`, 'g');
if ((index.match(preloads) || []).length !== 2) fail("Trunk's preload links not found in index.html");
index = index.replace(preloads, '').replace(loader[0], `<script type="module">/* frontend/split/link.mjs */
await new Promise((go) => (document.visibilityState === 'hidden' ? go() : requestAnimationFrame(() => setTimeout(go))));
${preload}
const wasmFile = fetch('${wasmUrl}');
const bindings = await import('${jsUrl}');
const wasm = await bindings.default({ module_or_path: wasmFile });
window.wasmBindings = bindings;
dispatchEvent(new CustomEvent("TrunkApplicationStarted", {detail: {wasm}}));
</script>`);
fs.writeFileSync(indexPath, index);
console.log(`split: ${pages.length} page files and ${loaders.length} packs linked for build ${build}`);
