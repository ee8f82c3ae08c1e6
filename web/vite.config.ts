import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// the web app builds into dist/web, which the server serves
export default defineConfig({
  root: 'web',
  plugins: [react()],
  build: { outDir: '../dist/web', emptyOutDir: true, sourcemap: true },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
