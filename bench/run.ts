import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** Runs every `bench/*.bench.ts` (or those whose name contains the first argument), one after another. */
const filter = process.argv[2] ?? '';
const dir = fileURLToPath(new URL('.', import.meta.url));
const files = (await readdir(dir)).filter((f) => f.endsWith('.bench.ts') && f.includes(filter)).sort();
if (files.length === 0) {
  process.stderr.write(`no benchmark matches "${filter}"\n`);
  process.exit(2);
}
for (const file of files) {
  process.stderr.write(`bench: ${file}\n`);
  const module = (await import(`./${file}`)) as { run: () => Promise<void> };
  await module.run();
}
