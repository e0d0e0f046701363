'use strict';
// Built by scripts/setup.sh (`next build`) into .next/standalone/server.js,
// which the test runs unmodified under shoal and Node.
module.exports = {
  output: 'standalone',
  // The repository has lock files above this folder: trace and bundle from here.
  outputFileTracingRoot: __dirname,
  turbopack: { root: __dirname },
  // A fixed build id: the pages' HTML is the same build after build.
  generateBuildId: async () => 'shoal-nextjs-test',
  // No Turbopack cache on disk: the build runs once per setup.
  experimental: { turbopackFileSystemCacheForBuild: false },
};
