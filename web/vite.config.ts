import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// the web app builds into dist/web, which the server serves
export default defineConfig({
  root: 'web',
  plugins: [react()],
  // the explorers' chunk carries ECharts and sigma.js; it loads only on /regions and /networks
  build: { outDir: '../dist/web', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1000 },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
