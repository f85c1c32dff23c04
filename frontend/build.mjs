// Builds the website into dist/:
//   dist/index.html                      from src/index.html, pointing at the hashed bundles
//   dist/assets/app-<hash>.js            src/main.js and what it imports statically (marked, DOMPurify)
//   dist/assets/chunks/<name>-<hash>.js  what it imports with import(): the terminal (xterm.js), the
//                                        replay player (asciinema-player) and the API reference
//                                        (js-yaml), loaded on their pages only
//   dist/assets/styles-<hash>.css        src/styles/main.css, for every page
//   dist/assets/terminal-<hash>.css      xterm.js's styles, loaded with the terminal
//   dist/assets/replay-<hash>.css        the player's styles, loaded with the player
//   dist/<file>                          everything in src/public/ (favicon), copied as is
//   dist/docs/openapi.yaml               the API's description (../docs/openapi.yaml), for the API page
// Hashed names let CloudFront cache assets for ever while index.html is revalidated.
//
// Two passes: the stylesheets first, so the JavaScript can be told their hashed names (src/lazy.js
// reads them through `define`); JavaScript never imports CSS, so no page pays for another's styles.
//
// Usage: node build.mjs   (npm run build)

import { cp, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const src = join(here, 'src');
const dist = join(here, 'dist');
const assets = join(dist, 'assets');

await rm(dist, { recursive: true, force: true });
await mkdir(assets, { recursive: true });

const common = {
  absWorkingDir: here,
  outdir: assets,
  entryNames: '[name]-[hash]',
  bundle: true,
  minify: true,
  sourcemap: 'linked',
  target: ['chrome109', 'firefox115', 'safari16'],
  metafile: true,
  logLevel: 'warning',
};

const css = await esbuild.build({
  ...common,
  entryPoints: { styles: 'src/styles/main.css', terminal: 'src/styles/terminal.css', replay: 'src/styles/replay.css' },
});

const js = await esbuild.build({
  ...common,
  entryPoints: { app: 'src/main.js' },
  chunkNames: 'chunks/[name]-[hash]',
  format: 'esm',
  splitting: true,
  define: {
    __TERMINAL_CSS__: JSON.stringify(outputOf(css, 'src/styles/terminal.css')),
    __REPLAY_CSS__: JSON.stringify(outputOf(css, 'src/styles/replay.css')),
  },
});

/** The output file built from an entry point, as a path relative to dist/. */
function outputOf(result, entryPoint) {
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    if (output.entryPoint === entryPoint && !file.endsWith('.map')) return relative(dist, join(here, file));
  }
  throw new Error(`esbuild produced no output for ${entryPoint}`);
}

const script = outputOf(js, 'src/main.js');
const styles = outputOf(css, 'src/styles/main.css');

// What a visitor downloads, raw and gzipped: every page needs the app and what it imports
// statically; a session page adds the terminal, a replay the player, the API page its reference.
const outputs = js.metafile.outputs;
const toDist = (file) => relative(dist, join(here, file));

/** An output and everything it imports statically, as paths relative to dist/. */
function withStaticImports(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const imported of outputs[file]?.imports ?? []) {
    if (imported.kind === 'import-statement' && !imported.external) withStaticImports(imported.path, seen);
  }
  return seen;
}

/** The chunk a dynamic import of `input` (a source path) lands in, with its static imports. */
function lazyChunk(input) {
  const file = Object.keys(outputs).find((name) => outputs[name].entryPoint === input && !name.endsWith('.map'));
  if (!file) throw new Error(`esbuild produced no chunk for ${input}`);
  return withStaticImports(file);
}

const appFiles = withStaticImports(Object.keys(outputs).find((name) => outputs[name].entryPoint === 'src/main.js' && !name.endsWith('.map')));

// The app's own static imports (code it shares with a lazy chunk, split out by esbuild) are
// preloaded beside it, so the browser fetches them at once instead of after parsing the app.
const preload = [...appFiles]
  .map(toDist)
  .filter((file) => file !== script)
  .map((file) => `  <link rel="modulepreload" href="./${file}">`)
  .join('\n');
const template = await readFile(join(src, 'index.html'), 'utf8');
const html = template
  .replace('{{script}}', `./${script}`)
  .replace('{{styles}}', `./${styles}`)
  .replace('{{preload}}\n', preload ? `${preload}\n` : '');
if (html.includes('{{')) throw new Error('src/index.html has a placeholder the build does not fill');
await writeFile(join(dist, 'index.html'), html);
await cp(join(src, 'public'), dist, { recursive: true });

// The API's description, for the API page: the local runtime serves the repository's copy at
// /docs/openapi.yaml; a copy in dist/ puts it at the same path wherever dist/ is published (the
// website bucket on AWS).
const openapi = join(here, '..', 'docs', 'openapi.yaml');
try {
  await mkdir(join(dist, 'docs'), { recursive: true });
  await cp(openapi, join(dist, 'docs', 'openapi.yaml'));
} catch (error) {
  if (error.code !== 'ENOENT') throw error;
  console.warn(`No ${relative(process.cwd(), openapi)}: the API page will have no document to show.`);
}
const groups = [
  ['every page', [...appFiles].map(toDist).concat(styles)],
  ['+ session page (terminal)', [...lazyChunk('src/lazy/terminal.js')].filter((f) => !appFiles.has(f)).map(toDist)
    .concat(outputOf(css, 'src/styles/terminal.css'))],
  ['+ replays (player)', [...lazyChunk('src/lazy/player.js')].filter((f) => !appFiles.has(f)).map(toDist)
    .concat(outputOf(css, 'src/styles/replay.css'))],
  ['+ API page (js-yaml, the reference)', [...lazyChunk('src/lazy/api-reference.js')].filter((f) => !appFiles.has(f)).map(toDist)],
];

const lines = [];
let firstRaw = 0;
let firstGzip = 0;
for (const [label, files] of groups) {
  let raw = 0;
  let gzip = 0;
  const rows = [];
  for (const file of files) {
    const bytes = await readFile(join(dist, file));
    const gzipped = gzipSync(bytes, { level: 9 }).length;
    raw += bytes.length;
    gzip += gzipped;
    rows.push(`    ${basename(file).padEnd(30)} ${String(bytes.length).padStart(7)} B  ${String(gzipped).padStart(6)} B gzip`);
  }
  if (label === 'every page') {
    firstRaw = raw;
    firstGzip = gzip;
  }
  lines.push(`  ${label}: ${raw} B, ${gzip} B gzip`, ...rows);
}
const indexSize = (await stat(join(dist, 'index.html'))).size;
lines.push(`  index.html ${indexSize} B`);
console.log(`Website built into ${relative(process.cwd(), dist) || '.'}/ (first load: JS+CSS ${firstRaw} B, ${firstGzip} B gzip)`);
console.log(lines.join('\n'));
