#!/usr/bin/env node
// Runs the compiled CLI when present (npm run build / container image), else the TypeScript source via tsx.
const path = require('node:path');
const fs = require('node:fs');
const compiled = path.join(__dirname, '..', 'dist', 'cli', 'main.js');
if (fs.existsSync(compiled)) {
  require(compiled);
} else {
  require('tsx/cjs');
  require(path.join(__dirname, '..', 'cli', 'main.ts'));
}
