// Writes FILE.br (brotli, quality 11) and FILE.gz (gzip, level 9) beside every text or wasm
// asset of a folder, so the intake server can send a compressed copy to every client:
// brotli where it is accepted, gzip to those that take only gzip (browsers offer brotli
// over HTTPS and to localhost only).
//
// JavaScript is minified first (terser, from node/: Trunk's own minifier fails on the
// wasm-bindgen glue); `/*!` comments (the loader's embedding notes) are kept.
import { createRequire } from 'node:module';
import { readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const require = createRequire(import.meta.url);
const { minify } = require('../node/node_modules/terser');

const dir = process.argv[2] || 'dist';
const sizes = {};
for (const name of readdirSync(dir)) {
  if (!name.endsWith('.js')) continue;
  const path = join(dir, name);
  const source = readFileSync(path, 'utf8');
  if (source.startsWith('/*! minified */')) continue; // a second run over the same build
  // the glue is an ES module; the loader a classic script (it needs document.currentScript)
  const module = name !== 'loader.js';
  const { code } = await minify(source, { module, compress: { passes: 2 }, format: { comments: /^!/ } });
  writeFileSync(path, `/*! minified */${code}`);
}
// the top folder and its subfolders (first/: the prerendered first screens; texts/: the
// languages fetched on demand), by path
const files = readdirSync(dir, { recursive: true }).map(String);
for (const name of files) {
  const path = join(dir, name);
  if (!statSync(path).isFile() || !/\.(js|wasm|css|html|svg|json|bin)$/.test(name)) continue;
  const compressed = brotliCompressSync(readFileSync(path), {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: statSync(path).size },
  });
  writeFileSync(`${path}.br`, compressed);
  const gzipped = gzipSync(readFileSync(path), { level: 9 });
  writeFileSync(`${path}.gz`, gzipped);
  sizes[name] = { raw: statSync(path).size, brotli: compressed.length, gzip: gzipped.length };
}
console.log(JSON.stringify(sizes));
