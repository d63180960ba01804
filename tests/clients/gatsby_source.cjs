// gatsby-source-greenhouse-job-board, unchanged, run as Gatsby runs a source plugin:
// sourceNodes with createNode collecting the nodes. Prints {nodes, requested} as JSON.
"use strict";
const plugin = require("gatsby-source-greenhouse-job-board/gatsby-node.js");

async function main() {
  const nodes = [];
  const messages = [];
  await plugin.sourceNodes(
    {
      actions: { createNode: (node) => nodes.push(node) },
      createNodeId: (name) => name, // readable ids: GreenhouseJob-<id>
      reporter: {
        info: (text) => messages.push(text),
        panic: (text, error) => {
          throw error || new Error(text);
        },
      },
    },
    { boardToken: process.argv[2] },
  );
  process.stdout.write(JSON.stringify({ nodes, requested: globalThis.requested }));
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error));
  process.exit(1);
});
