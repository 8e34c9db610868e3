/**
 * Enterprise search for every screen, in the operations service's database (PGlite by default,
 * PostgreSQL in production): by part of a name, or by the start of a unified social credit code.
 *
 * The page never holds the 500,000 enterprises; the database does. They are loaded from the
 * panorama files (cells.bin and enterprises.chunks) when the service starts, in batches, in the
 * background, and loaded again only when those files change (their size and time, kept in
 * panorama_meta): `npm start` keeps its PGlite folder, so it loads once.
 */
import { open, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { decodePanoramaCells } from '../panoramaFormat.ts';
import { enterpriseRow } from '../records.ts';
import type { OpsAnswer } from '../../../live/opsApiContract.ts';
import type { ServerResponse } from 'node:http';
import type { Database } from '../../../../server/ops/database.ts';

/** A hit and the register's state are as the API's contract says (src/live/opsApiContract.ts). */
export type EnterpriseHit = OpsAnswer<'enterprises'>['hits'][number];
export type SearchState = OpsAnswer<'enterprises'>['state'];

const BATCH = 20_000;
export const MAX_HITS = 20;
/** A query that looks like the start of a credit code searches codes, anything else names. */
const CODE_LIKE = /^[0-9A-HJ-NP-RTUWXY]{4,18}$/;

export class EnterpriseSearch {
  state: SearchState = { phase: 'idle' };
  private loading: Promise<void> | null = null;

  constructor(
    private readonly db: Database,
    /** The panorama folder: cells.bin and enterprises.chunks. */
    readonly dir: string,
  ) {}

  /** Starts loading if the table is missing or stale; resolves when it is ready. */
  ensure(): Promise<void> {
    this.loading ??= this.load().catch((e: unknown) => {
      this.state = { phase: 'error', error: e instanceof Error ? e.message : String(e) };
      this.loading = null;
      throw e;
    });
    return this.loading;
  }

  private async load(): Promise<void> {
    const cellsPath = join(this.dir, 'cells.bin');
    const chunksPath = join(this.dir, 'enterprises.chunks');
    const info = await stat(chunksPath);
    const key = `${info.size}-${Math.floor(info.mtimeMs)}`;
    const [meta] = await this.db.query<{ value: string }>(`select value from panorama_meta where key = 'enterprises'`);
    if (meta?.value === key) {
      this.state = { phase: 'ready' };
      return;
    }
    const cells = decodePanoramaCells(new Uint8Array(await readFile(cellsPath)));
    const off = cells.offsets.enterprises;
    const total = cells.header.sets.enterprises.records;
    this.state = { phase: 'loading', loaded: 0, total };
    await this.db.query('delete from panorama_enterprises');
    const file = await open(chunksPath, 'r');
    try {
      let batch: EnterpriseHit[] = [];
      const flush = async (): Promise<void> => {
        if (batch.length === 0) return;
        const cols = (k: keyof EnterpriseHit) => batch.map((h) => h[k]);
        await this.db.query(
          `insert into panorama_enterprises (code, name, industry, status, cell, lon, lat)
           select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::float8[], $7::float8[]) on conflict (code) do nothing`,
          [cols('code'), cols('name'), cols('industry'), cols('status'), cols('cell'), cols('lon'), cols('lat')],
        );
        this.state = { phase: 'loading', loaded: (this.state.phase === 'loading' ? this.state.loaded : 0) + batch.length, total };
        batch = [];
      };
      for (let c = 0; c < cells.header.cellCount; c++) {
        const length = off[c + 1]! - off[c]!;
        if (length === 0) continue;
        const bytes = Buffer.alloc(length);
        await file.read(bytes, 0, length, off[c]!);
        for (const row of JSON.parse(gunzipSync(bytes).toString('utf8')) as unknown[]) {
          const r = enterpriseRow.safeParse(row);
          // A refused row was counted when the file was written or imported; it is not searchable.
          if (r.success) batch.push({ code: r.data.code, name: r.data.name, industry: r.data.industry, status: r.data.status, cell: c, lon: r.data.lon, lat: r.data.lat });
        }
        if (batch.length >= BATCH) await flush();
      }
      await flush();
    } finally {
      await file.close();
    }
    await this.db.query(`insert into panorama_meta (key, value) values ('enterprises', $1) on conflict (key) do update set value = excluded.value`, [key]);
    this.state = { phase: 'ready' };
  }

  /** Up to MAX_HITS enterprises whose code starts with, or whose name contains, `q`. */
  async search(q: string): Promise<EnterpriseHit[]> {
    const query = q.trim();
    if (query.length === 0) return [];
    const code = query.toUpperCase();
    const rows = CODE_LIKE.test(code)
      ? await this.db.query<Record<string, unknown>>(`select code, name, industry, status, cell, lon, lat from panorama_enterprises where code >= $1 and code < $1 || '~' order by code limit ${MAX_HITS}`, [code])
      : await this.db.query<Record<string, unknown>>(`select code, name, industry, status, cell, lon, lat from panorama_enterprises where strpos(name, $1) > 0 order by name limit ${MAX_HITS}`, [query]);
    return rows.map((r) => ({ code: String(r.code), name: String(r.name), industry: String(r.industry), status: String(r.status), cell: Number(r.cell), lon: Number(r.lon), lat: Number(r.lat) }));
  }
}

/** Seconds a client is asked to wait before it asks again while the register is built. */
const BUILDING_RETRY_S = 2;

/**
 * GET …/enterprises?q=: 200 with the hits once the register is built; before that 503 with its
 * progress (and Retry-After while it is being built). A request never starts the build: that is
 * the service's, at start (http.ts), so an anonymous caller cannot set half a million rows loading.
 */
export async function enterpriseRoute(search: EnterpriseSearch, url: URL, res: ServerResponse): Promise<void> {
  const q = (url.searchParams.get('q') ?? '').slice(0, 64);
  const { state } = search;
  const headers = { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' };
  if (state.phase !== 'ready') {
    const waiting: OpsAnswer<'enterprises'> = { state, hits: [] };
    res.writeHead(503, { ...headers, ...(state.phase === 'error' ? {} : { 'Retry-After': String(BUILDING_RETRY_S) }) }).end(JSON.stringify(waiting));
    return;
  }
  const answer: OpsAnswer<'enterprises'> = { state, hits: await search.search(q) };
  res.writeHead(200, headers).end(JSON.stringify(answer));
}
