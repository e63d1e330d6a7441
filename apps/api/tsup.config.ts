import { defineConfig } from 'tsup';

// Bundles the server with the workspace's TypeScript sources (shared package, seed data);
// third-party packages stay in node_modules.
export default defineConfig({
  entry: {
    server: 'src/server.ts',
    migrate: 'src/db/migrate-cli.ts',
    seed: 'src/db/seed-cli.ts',
    coordinator: 'src/db/coordinator-cli.ts',
    'api-key': 'src/db/api-key-cli.ts',
  },
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outDir: 'dist',
  clean: true,
  sourcemap: true,
  noExternal: [/^@bok\//],
});
