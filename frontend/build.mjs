// Builds the website into dist/:
//   dist/index.html                  from src/index.html, pointing at the hashed bundles
//   dist/assets/app-<hash>.js        src/main.js and everything it imports (marked, DOMPurify), minified
//   dist/assets/app-<hash>.css       src/styles/main.css
//   dist/<file>                      everything in src/public/ (favicon), copied as is
// Hashed names let CloudFront cache assets for ever while index.html is revalidated.
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

const result = await esbuild.build({
  absWorkingDir: here,
  entryPoints: { app: 'src/main.js', styles: 'src/styles/main.css' },
  outdir: assets,
  entryNames: '[name]-[hash]',
  bundle: true,
  format: 'esm',
  minify: true,
  sourcemap: 'linked',
  target: ['chrome109', 'firefox115', 'safari16'],
  metafile: true,
  logLevel: 'warning',
});

/** The output file built from an entry point, as a path relative to dist/. */
function outputOf(entryPoint) {
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    if (output.entryPoint === entryPoint && !file.endsWith('.map')) return relative(dist, join(here, file));
  }
  throw new Error(`esbuild produced no output for ${entryPoint}`);
}

const script = outputOf('src/main.js');
const styles = outputOf('src/styles/main.css');

const template = await readFile(join(src, 'index.html'), 'utf8');
const html = template.replace('{{script}}', `./${script}`).replace('{{styles}}', `./${styles}`);
if (html.includes('{{')) throw new Error('src/index.html has a placeholder the build does not fill');
await writeFile(join(dist, 'index.html'), html);
await cp(join(src, 'public'), dist, { recursive: true });

// What a visitor downloads, raw and gzipped.
let rawTotal = 0;
let gzipTotal = 0;
const lines = [];
for (const file of [script, styles]) {
  const bytes = await readFile(join(dist, file));
  const gzipped = gzipSync(bytes, { level: 9 }).length;
  rawTotal += bytes.length;
  gzipTotal += gzipped;
  lines.push(`  ${basename(file).padEnd(28)} ${String(bytes.length).padStart(7)} B  ${String(gzipped).padStart(6)} B gzip`);
}
const indexSize = (await stat(join(dist, 'index.html'))).size;
lines.push(`  ${'index.html'.padEnd(28)} ${String(indexSize).padStart(7)} B`);
console.log(`Website built into ${relative(process.cwd(), dist) || '.'}/ (JS+CSS ${rawTotal} B, ${gzipTotal} B gzip)`);
console.log(lines.join('\n'));
