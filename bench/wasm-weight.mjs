// Where the widget's wasm weight is, for `cargo xtask bench`: brotli of its code and data
// sections apart, of the embedded quiz bundle and of the stylesheet; and, from a twiggy CSV
// of the wasm before wasm-bindgen and wasm-opt (it still has function names), bytes per
// crate. `core` and `alloc` include generic code instantiated for other crates' types.
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';

const [wasmPath, quizPath, cssPath, csvPath] = process.argv.slice(2);
const brotli = (bytes) => brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

const wasm = readFileSync(wasmPath);
const sections = {};
for (let at = 8; at < wasm.length;) {
  const id = wasm[at++];
  let size = 0, shift = 0, byte;
  do { byte = wasm[at++]; size |= (byte & 0x7f) << shift; shift += 7; } while (byte & 0x80);
  sections[id] = wasm.subarray(at, at + size);
  at += size;
}
const result = {
  code_raw: sections[10]?.length ?? 0, code_brotli: brotli(sections[10] ?? Buffer.alloc(0)),
  data_raw: sections[11]?.length ?? 0, data_brotli: brotli(sections[11] ?? Buffer.alloc(0)),
  quiz_raw: readFileSync(quizPath).length, quiz_brotli: brotli(readFileSync(quizPath)),
  css_brotli: brotli(readFileSync(cssPath)),
};
if (csvPath) {
  const crates = {};
  for (const line of readFileSync(csvPath, 'utf8').split('\n').slice(1)) {
    // Name,ShallowSize,ShallowSizePercent,RetainedSize,RetainedSizePercent (names may hold commas)
    const fields = line.split(',');
    if (fields.length < 5) continue;
    const size = Number(fields[fields.length - 4]);
    const name = fields.slice(0, fields.length - 4).join(',');
    if (/subsection|custom section|data segment|__wbindgen_describe/.test(name)) continue;
    const crate = (name.match(/([a-z_][a-z0-9_]*)(?:\[[0-9a-f]+\])?::/) || [null, 'other'])[1];
    crates[crate] = (crates[crate] || 0) + size;
  }
  result.crates = Object.entries(crates).sort((a, b) => b[1] - a[1]).slice(0, 10).map(([name, bytes]) => `${name} ${(bytes / 1000).toFixed(0)} KB`).join(', ');
}
console.log(JSON.stringify(result));
