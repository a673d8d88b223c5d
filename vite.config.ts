import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';

// The npm package sits at the repo root; the UI's sources live in ui/.
const root = fileURLToPath(new URL('./ui', import.meta.url));

export default defineConfig({
  root,
  plugins: [svelte()],
  // Tauri shows its own errors; keep them visible in the terminal.
  clearScreen: false,
  server: {
    port: 5173,
    strictPort: true,
    host: 'localhost',
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // WebKitGTK on Debian 12 and current WebView2/WKWebView all handle ES2022.
    target: 'es2022',
    sourcemap: false,
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
