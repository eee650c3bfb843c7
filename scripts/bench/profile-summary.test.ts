import { describe, expect, it } from 'vitest';
import { bundleModules, categoryOf, moduleOf, summarise, type CpuProfile } from './profile-summary.js';

const BUNDLE = ['import pg from "pg";', '', '// shared/src/text.ts', 'function findBadText() {}', '', '// server/src/modules/vote/committer.ts', 'function prepare() {}', 'function settle() {}'].join('\n');

describe('profile summary', () => {
  it('traces a bundled function back to its source file', () => {
    const inBundle = bundleModules(BUNDLE);
    expect(inBundle(0)).toBe('(bundle)');
    expect(inBundle(3)).toBe('shared/src/text.ts');
    expect(inBundle(7)).toBe('server/src/modules/vote/committer.ts');
    expect(moduleOf({ functionName: 'settle', url: 'file:///repo/server/dist/main.js', lineNumber: 7 }, inBundle)).toBe('server/src/modules/vote/committer.ts');
  });

  it('names packages, node modules and V8 frames', () => {
    expect(moduleOf({ functionName: 'x', url: 'file:///repo/node_modules/@fastify/rate-limit/index.js', lineNumber: 1 })).toBe('@fastify/rate-limit');
    expect(moduleOf({ functionName: 'x', url: 'file:///repo/node_modules/pino/node_modules/sonic-boom/index.js', lineNumber: 1 })).toBe('sonic-boom');
    expect(moduleOf({ functionName: 'parse', url: '', lineNumber: -1 })).toBe('(v8) parse');
    expect(moduleOf({ functionName: '(garbage collector)', url: '', lineNumber: -1 })).toBe('(garbage collector)');
    expect(categoryOf('@fastify/rate-limit')).toBe('rate limit + Redis client');
    expect(categoryOf('@fastify/cookie')).toBe('fastify core (routing, hooks, reply)');
    expect(categoryOf('zod')).toBe('zod validation + serialization');
    expect(categoryOf('pg-protocol')).toBe('pg driver');
    expect(categoryOf('shared/src/text.ts')).toBe('text guard');
    expect(categoryOf('node:_http_server')).toBe('node http + net + streams');
    expect(categoryOf('(v8) JSON.parse')).toBe('JSON (V8)');
  });

  it('sums self time per category, leaving idle out of the shares', () => {
    const profile: CpuProfile = {
      nodes: [
        { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 } },
        { id: 2, callFrame: { functionName: '(idle)', url: '', lineNumber: -1 } },
        { id: 3, callFrame: { functionName: 'parse', url: 'file:///r/node_modules/zod/v4/core.js', lineNumber: 9 } },
        { id: 4, callFrame: { functionName: 'write', url: 'file:///r/node_modules/pino/lib/proto.js', lineNumber: 3 } },
      ],
      samples: [2, 3, 3, 3, 4, 2],
      timeDeltas: [1000, 1000, 1000, 1000, 1000, 5000],
    };
    const s = summarise(profile);
    expect(s.busyMs).toBe(4);
    expect(s.idleMs).toBe(6);
    expect(s.categories).toEqual([
      { name: 'zod validation + serialization', ms: 3, share: 0.75 },
      { name: 'pino logging', ms: 1, share: 0.25 },
    ]);
    expect(s.functions[0]).toMatchObject({ name: 'parse zod:10', ms: 3 });
  });

  it("charges a socket write to its writer: Redis, PostgreSQL or the HTTP answer", () => {
    const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 1 });
    const profile: CpuProfile = {
      nodes: [
        { id: 1, callFrame: frame('(root)', ''), children: [2, 4, 6] },
        { id: 2, callFrame: frame('sendCommand', 'file:///r/node_modules/ioredis/built/Redis.js'), children: [3] },
        { id: 3, callFrame: frame('writeUtf8String', ''), children: [] },
        { id: 4, callFrame: frame('end', 'node:_http_outgoing'), children: [5] },
        { id: 5, callFrame: frame('writev', ''), children: [] },
        { id: 6, callFrame: frame('submit', 'file:///r/node_modules/pg/lib/query.js'), children: [7] },
        { id: 7, callFrame: frame('write', 'node:net'), children: [8] },
        { id: 8, callFrame: frame('writeBuffer', ''), children: [] },
      ],
      samples: [3, 3, 5, 8],
      timeDeltas: [1000, 1000, 1000, 1000],
    };
    expect(Object.fromEntries(summarise(profile).categories.map((c) => [c.name, c.ms]))).toEqual({
      'socket writes to Redis': 2,
      'socket writes of HTTP answers': 1,
      'socket writes to PostgreSQL': 1,
    });
  });
});
