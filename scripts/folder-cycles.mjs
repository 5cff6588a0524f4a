// Fails on import cycles between folders: `node scripts/folder-cycles.mjs <dir>...`. Each folder of server/ is
// one concept, and concepts must layer: a cycle between two folders is one concept split in two, or a helper
// living above its users. Other top-level directories (workers/, cli/, app/, ...) count as one folder each.
// The graph is dependency-cruiser's, with the options of .dependency-cruiser.cjs.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const dirs = process.argv.slice(2);
if (dirs.length === 0) {
  console.error("usage: node scripts/folder-cycles.mjs <dir>...");
  process.exit(2);
}

const cli = path.join(path.dirname(fileURLToPath(import.meta.resolve("dependency-cruiser"))), "../../bin/dependency-cruise.mjs");
const run = spawnSync(process.execPath, [cli, "--config", ".dependency-cruiser.cjs", "--output-type", "json", ...dirs], {
  encoding: "utf8",
  maxBuffer: 256 * 1024 * 1024,
});
// A module-level violation also makes the exit status non-zero; only a missing result is a failure here.
if (!run.stdout) {
  console.error(run.stderr || `dependency-cruiser exited with ${run.status}`);
  process.exit(2);
}
const { modules } = JSON.parse(run.stdout);

function folderOf(file) {
  const parts = file.split("/");
  if (parts[0] === "server") return parts.length > 2 ? `server/${parts[1]}` : file;
  return parts[0];
}

const cruised = new Set(modules.map((m) => m.source));
// folder -> folder -> the module imports behind that edge
const edges = new Map();
for (const m of modules) {
  const from = folderOf(m.source);
  if (!edges.has(from)) edges.set(from, new Map());
  for (const d of m.dependencies) {
    if (!cruised.has(d.resolved)) continue;
    const to = folderOf(d.resolved);
    if (to === from) continue;
    const imports = edges.get(from).get(to) ?? [];
    imports.push(`${m.source} -> ${d.resolved}`);
    edges.get(from).set(to, imports);
  }
}

// Tarjan's strongly connected components: every component of more than one folder holds a cycle.
function components(graph) {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  const visit = (v) => {
    index.set(v, index.size);
    low.set(v, index.get(v));
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const component = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) found.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

// The shortest way from start back to itself inside the component, as the list of folders passed.
function shortestCycle(graph, component, start) {
  const inside = new Set(component);
  const previous = new Map();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift();
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!inside.has(w)) continue;
      if (w === start) {
        const cycle = [v];
        while (cycle[0] !== start) cycle.unshift(previous.get(cycle[0]));
        return [...cycle, start];
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}

const cycles = components(edges);
for (const component of cycles) {
  const cycle = shortestCycle(edges, component, component[0]);
  console.error(`folder cycle: ${cycle.join(" -> ")}${component.length > cycle.length - 1 ? ` (all of ${component.join(", ")} are tied)` : ""}`);
  const shown = new Set();
  for (let i = 0; i + 1 < cycle.length; i++) {
    shown.add(`${cycle[i]} -> ${cycle[i + 1]}`);
    for (const imp of edges.get(cycle[i]).get(cycle[i + 1])) console.error(`  ${imp}`);
  }
  const others = component.flatMap((from) =>
    [...edges.get(from)].filter(([to]) => component.includes(to) && !shown.has(`${from} -> ${to}`)).map(([to, imports]) => `${from} -> ${to} (${imports.length})`),
  );
  if (others.length > 0) console.error(`  and, between the same folders: ${others.join(", ")}`);
}
if (cycles.length > 0) {
  console.error(`\n${cycles.length} folder cycle(s): move what both sides need into a folder below them.`);
}
if (cycles.length > 0) process.exit(1);
console.log(`no folder cycles (${edges.size} folders)`);
