import { accessSync, constants } from 'node:fs';
import path from 'node:path';

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds an external tool: the explicitly configured path (only that one when set), then `name` on
 * PATH, then the project-local candidates the install scripts put under .tools/.
 */
export function findTool(
  name: string,
  explicit: string | undefined,
  pathVar: string,
  localCandidates: string[],
): string | undefined {
  if (explicit) return isExecutable(explicit) ? explicit : undefined;
  for (const dir of pathVar.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return localCandidates.find(isExecutable);
}
