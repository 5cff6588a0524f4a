// Import rules checked by `npm run lint`. Module-level cycles are refused here; dependency-cruiser has no
// notion of folder-level cycles, so scripts/folder-cycles.mjs collapses the same graph to folders and refuses
// those. Type-only imports count: a cycle through types still ties the two modules' concepts together.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "Modules must not import each other, directly or through others: move what both need into a module of its own.",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^server/db/generated/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
  },
};
