/**
 * Enterprise search in the operations service's database, the same tests on PGlite and on a real
 * PostgreSQL server: a search before the register is built answers 503 with Retry-After and
 * starts nothing; once loaded from the panorama files, found by part of a name or the start of a
 * credit code, not loaded again for the same files, loaded again for new. Through the whole
 * stack on both brokers: the service builds the register at start, before any search.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrokerName } from '../../server/mqtt/brokers.ts';
import { startLiveStack, type LiveStack } from '../../scripts/live/stack.ts';
import { EnterpriseSearch, enterpriseRoute } from '../../src/domains/panorama/server/enterpriseSearch.ts';
import { opsApi } from '../../server/ops/http.ts';
import { startServer, type RunningServer } from '../../server/web/serve.ts';
import { openDatabase, type Database } from '../../server/ops/database.ts';
import { startPostgres, type RunningPostgres } from '../../scripts/harness/postgresServer.ts';
import { PanoramaFigures } from '../../src/domains/panorama/cellFigures.ts';
import { makeCreditCode } from '../../src/domains/panorama/creditCode.ts';
import { encodePanoramaCells, type PanoramaCells } from '../../src/domains/panorama/panoramaFormat.ts';
import { RECORD_SETS, type RowOf } from '../../src/domains/panorama/records.ts';
import { PANORAMA_ROUTES } from '../../src/domains/panorama/apiContract.ts';

const CELLS = 4;

/** A panorama folder whose enterprises are `rows`, spread over four cells. */
function writeFolder(dir: string, rows: unknown[]): void {
  const offsets = {} as PanoramaCells['offsets'];
  const parts: Buffer[] = [];
  for (const set of RECORD_SETS) offsets[set] = new Float64Array(CELLS + 1);
  let at = 0;
  for (let c = 0; c < CELLS; c++) {
    offsets.enterprises[c] = at;
    const z = gzipSync(JSON.stringify(rows.filter((_, k) => k % CELLS === c)));
    parts.push(z);
    at += z.length;
  }
  offsets.enterprises[CELLS] = at;
  writeFileSync(join(dir, 'enterprises.chunks'), Buffer.concat(parts));
  const header = { version: 1 as const, cellCount: CELLS, asOfMs: 1, columns: ['enterprises.count'], sets: Object.fromEntries(RECORD_SETS.map((s) => [s, { file: `${s}.chunks`, records: s === 'enterprises' ? rows.length : 0 }])) as PanoramaCells['header']['sets'], source: 'test' };
  writeFileSync(join(dir, 'cells.bin'), encodePanoramaCells({ header, figures: new PanoramaFigures(CELLS, ['enterprises.count']), offsets }));
}

const enterprise = (i: number, name: string): RowOf<'enterprises'> => [makeCreditCode('9', '1', '440106', `MA${String(10_000 + i).padStart(6, '0')}`), name, 'I', 'small', 'operating', 100, `B${i}`, 113.3 + i * 1e-4, 23.1];

describe.each(['pglite', 'postgres'] as const)('enterprise search on %s', (kind) => {
  let db: Database;
  let postgres: RunningPostgres | null = null;
  let dir = '';
  const rows = [...Array.from({ length: 30 }, (_, i) => enterprise(i, `广州穗华${i}号科技有限公司`)), enterprise(30, '广州星辰数据服务有限公司'), ['not', 'an', 'enterprise']];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'canton-search-test-'));
    postgres = kind === 'postgres' ? await startPostgres() : null;
    db = await openDatabase({ url: postgres?.url, dataDir: join(dir, 'pglite') });
    writeFolder(dir, rows);
  });
  afterAll(async () => {
    await db?.close();
    await postgres?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a search before the register is built with 503 and Retry-After, and starts nothing', async () => {
    const search = new EnterpriseSearch(db, dir);
    const server = await startServer({ dist: dir, tiles: dir, api: async (req, res) => (req.url?.startsWith('/enterprises?') ? (await enterpriseRoute(search, new URL(req.url, 'http://ops'), res), true) : false) });
    try {
      for (const q of ['星辰数据', '91440106']) {
        const res = await fetch(new URL(`/enterprises?q=${encodeURIComponent(q)}`, server.url));
        expect(res.status).toBe(503);
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(await res.json()).toEqual({ state: { phase: 'idle' }, hits: [] });
      }
      expect(search.state.phase).toBe('idle');
      expect((await db.query<{ n: string }>('select count(*)::text as n from panorama_enterprises'))[0]!.n).toBe('0');
    } finally {
      await server.close();
    }
  });

  it('loads the enterprises on the first search and finds them by name and by code', async () => {
    const search = new EnterpriseSearch(db, dir);
    expect(search.state.phase).toBe('idle');
    await search.ensure();
    expect(search.state.phase).toBe('ready');
    // The malformed row is not searchable; the 31 good ones are.
    expect((await db.query<{ n: string }>('select count(*)::text as n from panorama_enterprises'))[0]!.n).toBe('31');
    const star = await search.search('星辰数据');
    expect(star.map((h) => h.name)).toEqual(['广州星辰数据服务有限公司']);
    expect(star[0]!.cell).toBe(30 % CELLS);
    expect(await search.search('穗华')).toHaveLength(20);
    const code = String(rows[7]![0]);
    expect((await search.search(code)).map((h) => h.code)).toEqual([code]);
    const prefix = await search.search(code.slice(0, 10));
    expect(prefix.length).toBe(20);
    expect(prefix.every((h) => h.code.startsWith(code.slice(0, 10)))).toBe(true);
    expect(await search.search('没有这家')).toEqual([]);
  });

  it('does not load the same files again, and loads changed files', async () => {
    await db.query(`delete from panorama_enterprises where name = '广州星辰数据服务有限公司'`);
    const again = new EnterpriseSearch(db, dir);
    await again.ensure();
    expect(await again.search('星辰数据')).toEqual([]);
    writeFolder(dir, [enterprise(99, '广州星辰数据服务有限公司'), enterprise(98, '广州岭南新锐贸易有限公司')]);
    const fresh = new EnterpriseSearch(db, dir);
    await fresh.ensure();
    expect((await fresh.search('星辰数据')).map((h) => h.code)).toEqual([String(enterprise(99, '')[0])]);
    expect(await fresh.search('穗华')).toEqual([]);
  });
});

describe.each<BrokerName>(['aedes', 'mosquitto'])('the enterprise register of the service on %s', (broker) => {
  let stack: LiveStack;
  let server: RunningServer;
  let dir = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'canton-search-stack-'));
    writeFolder(dir, [enterprise(1, '广州星辰数据服务有限公司'), enterprise(2, '广州岭南新锐贸易有限公司')]);
    stack = await startLiveStack({ broker, simulate: false, signs: false, crowd: false, ops: {} });
    server = await startServer({ dist: dir, tiles: dir, api: opsApi(stack.ops!, stack.usersDir, { panoramaDir: dir }) });
  });
  afterAll(async () => {
    await server?.close();
    await stack?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is built when the service starts, before anyone searches, and then answers searches', async () => {
    const count = async () => (await stack.ops!.database.query<{ n: string }>('select count(*)::text as n from panorama_enterprises'))[0]!.n;
    await expect.poll(count, { timeout: 30_000 }).toBe('2');
    const { name, password } = stack.credentials.operator;
    const status = await fetch(new URL('/api/ops/status', server.url), { headers: { authorization: `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}` } });
    expect((await status.json()).http.enterprises).toEqual({ phase: 'ready' });
    const res = await fetch(new URL(`/api/ops/enterprises?q=${encodeURIComponent('星辰数据')}`, server.url));
    expect(res.status).toBe(200);
    expect(PANORAMA_ROUTES.enterprises.parse(await res.json()).hits.map((h) => h.name)).toEqual(['广州星辰数据服务有限公司']);
  });
});
