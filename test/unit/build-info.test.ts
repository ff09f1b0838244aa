import { describe, expect, it } from 'vitest';
import { assertRunnableBuild, DirtyTreeError, readBuildInfo } from '../../infra/build-info';

describe('build info', () => {
  it('tags the build with the git commit, marking a dirty tree', () => {
    const info = readBuildInfo();
    expect(info.buildId).toMatch(/^([0-9a-f]{12}(-dirty)?|unknown)$/);
    expect(info.buildId.endsWith('-dirty')).toBe(info.dirty);
  });

  it('refuses a dirty tree in production only', () => {
    const dirty = { buildId: 'abc123-dirty', dirty: true };
    expect(() => assertRunnableBuild(dirty, 'production')).toThrow(DirtyTreeError);
    expect(() => assertRunnableBuild(dirty, 'development')).not.toThrow();
    expect(() => assertRunnableBuild({ buildId: 'abc123', dirty: false }, 'production')).not.toThrow();
  });
});
