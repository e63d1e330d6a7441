import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompress } from './vite-plugins/precompress';

// The API listens on PORT; API_PORT lets a developer run it elsewhere without touching this file.
const apiPort = process.env.API_PORT ?? '3000';

const appDir = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  // Pinned so the build and the tests behave the same when started from the workspace root.
  root: appDir,
  plugins: [react(), precompress()],
  resolve: {
    alias: [
      { find: '@', replacement: `${appDir}src` },
      // Our zod, with its setting for our CSP applied first (src/lib/zod.ts); the shared schemas' too.
      { find: /^zod$/, replacement: `${appDir}src/lib/zod.ts` },
    ],
  },
  server: {
    proxy: {
      '/api': { target: `http://127.0.0.1:${apiPort}`, changeOrigin: false },
    },
  },
  build: {
    // The API serves this directory (WEB_DIST_DIR); hashed files under /assets/ can be cached forever.
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    rollupOptions: {
      output: {
        // The libraries of the first render change less often than our code; apart, they stay
        // cached across releases. zod and the shared schemas are one chunk, loaded with the first
        // answer to parse, not half a dozen of a few hundred bytes (a request each on a slow phone).
        // Everything else Rollup splits along the lazy imports, so the first script holds no
        // "vendor" catch-all.
        manualChunks(id, { getModuleInfo }) {
          if (/[\\/]packages[\\/]shared[\\/]src[\\/]/.test(id)) {
            // The list of languages is all the first script needs from the shared package.
            if (id.endsWith('locales.ts')) return 'i18n';
            const buildsSchemas = getModuleInfo(id)?.importedIds.some((imported) => imported.endsWith('/lib/zod.ts'));
            return buildsSchemas ? 'schemas' : undefined;
          }
          if (!id.includes('node_modules')) return undefined;
          if (/[\\/]zod[\\/]/.test(id)) return 'schemas';
          if (/[\\/](react|react-dom|scheduler)[\\/]/.test(id)) return 'react';
          if (id.includes('@tanstack')) return 'tanstack';
          if (id.includes('i18next')) return 'i18n';
          return undefined;
        },
      },
    },
  },
});
