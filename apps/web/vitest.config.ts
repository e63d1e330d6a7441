import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config';

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      name: 'web',
      environment: 'jsdom',
      include: ['src/**/*.test.{ts,tsx}', 'vite-plugins/**/*.test.ts'],
      setupFiles: ['./src/testing/setup.ts'],
      // jsdom renders a whole form per test; on a busy 2-core machine 5 s is too tight.
      testTimeout: 15_000,
    },
  }),
);
