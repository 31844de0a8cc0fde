// The import-boundary check (`npm test` runs it before the tests; `node build/check-imports.mjs [--root DIR]`).
// Reads the import specifiers of every .ts/.mts/.mjs/.svelte file under engine/, electron/ and renderer/,
// resolves the relative ones to files, groups files into folders, and fails (exit 1, one line per finding) on:
//   - renderer -> engine, except the protocol (engine/protocol) and the mask package (engine/mask);
//   - engine -> electron/ or renderer/;
//   - engine/protocol or engine/mask -> anything outside itself (relative or a package: both are pure);
//   - a cycle between folders (e.g. engine/src/export -> engine/src/workspace -> engine/src/export).
// A folder is the first folder under engine/src, renderer/src/lib, renderer/src/components; engine/protocol,
// engine/mask and electron are one folder each; a file directly in engine/src or renderer/src is its own node.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, posix, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCE = /\.(ts|mts|mjs|svelte)$/;
const TOPS = ['engine', 'electron', 'renderer'];

/** Every source file below root's engine/, electron/, renderer/ (no node_modules, no generated .d.ts). */
function sourceFiles(root) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      if (name === 'node_modules' || name === 'vendor' || name.startsWith('.')) continue;
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (SOURCE.test(name) && !/\.d\.m?ts$/.test(name)) out.push(relative(root, p).split(sep).join('/'));
    }
  };
  for (const top of TOPS) if (existsSync(join(root, top))) walk(join(root, top));
  return out.sort();
}

/** Import specifiers of a source text: static imports/exports (type-only too), side-effect and dynamic imports. */
export function specifiers(text) {
  const out = [];
  const re = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)(['"])([^'"\n]+)\1/gm;
  for (let m; (m = re.exec(text)); ) out.push(m[2]);
  return out;
}

/** The file a relative specifier names (with the extensions the bundlers try), or the normalised path itself. */
function resolveFile(root, from, spec) {
  const base = posix.normalize(posix.join(posix.dirname(from), spec));
  const tries = [base, ...['.ts', '.mts', '.mjs', '.js', '.svelte'].map((e) => base + e), ...['ts', 'mjs', 'js'].map((e) => `${base}/index.${e}`)];
  for (const t of tries) if (existsSync(join(root, t)) && statSync(join(root, t)).isFile()) return t;
  if (base.endsWith('.js') && existsSync(join(root, base.slice(0, -3) + '.ts'))) return base.slice(0, -3) + '.ts';
  return base;
}

/** The folder node of a file (see the header). */
export function folderOf(file) {
  const p = file.split('/');
  if (p[0] === 'engine' && (p[1] === 'protocol' || p[1] === 'mask')) return `engine/${p[1]}`;
  if (p[0] === 'engine' && p[1] === 'src') return p.length > 3 ? p.slice(0, 3).join('/') : file;
  if (p[0] === 'renderer' && p[1] === 'src' && (p[2] === 'lib' || p[2] === 'components')) return p.length > 4 ? p.slice(0, 4).join('/') : file;
  if (p[0] === 'renderer' && p[1] === 'src') return file;
  if (p[0] === 'electron') return 'electron';
  return p.slice(0, 2).join('/');
}

/** Why an edge from file to target (a resolved file, or a package name) is forbidden, or null. */
function forbidden(file, target, isPackage) {
  const inside = (f, dir) => f === dir || f.startsWith(dir + '/');
  for (const pure of ['engine/protocol', 'engine/mask']) {
    if (inside(file, pure)) {
      if (isPackage) return `${pure} is pure: it imports no package ("${target}")`;
      if (!inside(target, pure)) return `${pure} is pure: it imports nothing outside itself`;
    }
  }
  if (isPackage) return null;
  if (inside(file, 'renderer') && inside(target, 'engine') && !inside(target, 'engine/protocol') && !inside(target, 'engine/mask')) {
    return 'the renderer may import only engine/protocol and engine/mask from the engine';
  }
  if (inside(file, 'engine') && (inside(target, 'electron') || inside(target, 'renderer'))) return 'the engine imports neither electron/ nor renderer/';
  return null;
}

/** Strongly connected components with more than one node (Tarjan). */
function cycles(graph) {
  let index = 0;
  const idx = new Map();
  const low = new Map();
  const stack = [];
  const on = new Set();
  const out = [];
  const visit = (v) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const scc = [];
      let w;
      do {
        w = stack.pop();
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!idx.has(v)) visit(v);
  return out;
}

/** All findings for the tree at root: [{ kind: 'edge' | 'cycle', message }]. */
export function checkImports(root) {
  const findings = [];
  const graph = new Map(); // folder -> Map(folder -> example "file -> target")
  for (const file of sourceFiles(root)) {
    const text = readFileSync(join(root, file), 'utf8');
    for (const spec of specifiers(text)) {
      const isPackage = !spec.startsWith('.');
      const target = isPackage ? spec : resolveFile(root, file, spec);
      const why = forbidden(file, target, isPackage);
      if (why) findings.push({ kind: 'edge', message: `${file} -> ${target}: ${why}` });
      if (isPackage || !TOPS.some((t) => target.startsWith(t + '/'))) continue;
      const a = folderOf(file);
      const b = folderOf(target);
      if (a === b) continue;
      if (!graph.has(a)) graph.set(a, new Map());
      if (!graph.get(a).has(b)) graph.get(a).set(b, `${file} -> ${target}`);
    }
  }
  for (const scc of cycles(graph)) {
    const inScc = new Set(scc);
    const edges = scc.flatMap((a) => [...(graph.get(a) ?? new Map())].filter(([b]) => inScc.has(b)).map(([b, why]) => `${a} -> ${b} (${why})`));
    findings.push({ kind: 'cycle', message: `folder cycle ${scc.join(' <-> ')}:\n    ${edges.join('\n    ')}` });
  }
  return findings;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--root');
  const root = at > 0 ? process.argv[at + 1] : dirname(dirname(fileURLToPath(import.meta.url)));
  const findings = checkImports(root);
  for (const f of findings) console.error(`check-imports: ${f.message}`);
  if (findings.length > 0) {
    console.error(`check-imports: ${findings.length} finding(s); see build/check-imports.mjs for the rules`);
    process.exit(1);
  }
  console.log(`check-imports: ok (${sourceFiles(root).length} files)`);
}
