import { describe, expect, it } from 'vitest';
import { areaFiles, chunkHolding } from './voter-first';

const chunk = (fileName: string, imports: string[], css: string[] = [], facadeModuleId: string | null = null, moduleIds: string[] = facadeModuleId ? [facadeModuleId] : []) => ({
  type: 'chunk' as const,
  fileName,
  facadeModuleId,
  moduleIds,
  imports,
  viteMetadata: { importedCss: new Set(css) },
});

describe('voterFirst: what the page lists', () => {
  const entry = chunk('assets/index.js', ['assets/shared.js'], ['assets/index.css'], '/app/src/main.ts');
  const bundle = {
    'assets/index.js': entry,
    'assets/shared.js': chunk('assets/shared.js', [], ['assets/shared.css'], null, ['/app/src/lib/api.ts', '/app/src/early.ts']),
    'assets/vote.js': chunk('assets/vote.js', ['assets/shared.js', 'assets/errors.js'], ['assets/vote.css', 'assets/shared.css'], '/app/src/routes/vote/index.ts'),
    'assets/errors.js': chunk('assets/errors.js', ['assets/deep.js']),
    'assets/deep.js': chunk('assets/deep.js', [], ['assets/deep.css']),
    'assets/index.css': { type: 'asset' },
  };

  it("lists the area's chunk and what it imports, through every level, less what the entry already loads", () => {
    expect(areaFiles(bundle, ['/src/routes/vote/index.ts'], entry)).toEqual({
      scripts: ['assets/vote.js', 'assets/errors.js', 'assets/deep.js'],
      styles: ['assets/vote.css', 'assets/deep.css'],
    });
  });

  it('fails the build when no chunk is built from the source, rather than preload nothing', () => {
    expect(() => areaFiles(bundle, ['/src/routes/vote/index.ts', '/src/routes/gone/index.ts'], entry)).toThrow(/no chunk is built from/);
  });

  it('finds the chunk that holds a module, entry or not, and fails the build when none does', () => {
    expect(chunkHolding(bundle, '/src/early.ts').fileName).toBe('assets/shared.js');
    expect(() => chunkHolding(bundle, '/src/gone.ts')).toThrow(/no chunk holds/);
  });
});
