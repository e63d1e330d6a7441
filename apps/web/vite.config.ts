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
    alias: { '@': `${appDir}src` },
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
        // Libraries change less often than our code; separate chunks stay cached across releases.
        manualChunks(id) {
          if (!id.includes('node_modules')) return undefined;
          if (/[\\/](react|react-dom|scheduler)[\\/]/.test(id)) return 'react';
          if (id.includes('@tanstack')) return 'tanstack';
          if (id.includes('zod')) return 'zod';
          if (id.includes('i18next')) return 'i18n';
          return 'vendor';
        },
      },
    },
  },
});
