import { randomUUID } from 'node:crypto';
import { startHttpFake, type FakeResponse } from './http-fake';

type Props = Record<string, Record<string, unknown>>;
interface Page {
  id: string;
  dataSourceId: string;
  properties: Props;
  children: Block[];
  createdAt: number;
  /** last_edited_time (ms): set on create, on every API update and on `edit`. */
  editedAt: number;
  /** Moved to the trash (`in_trash`/`archived`): no longer listed by queries, no longer editable. */
  inTrash?: boolean;
}
interface Block {
  id: string;
  type: string;
  [k: string]: unknown;
}
interface Db {
  id: string;
  dataSourceId: string;
  title: string;
  schema: Record<string, string>;
}

type Plain = string | number | boolean | null;

const rich = (s: string) => [
  { type: 'text', text: { content: s, link: null }, plain_text: s, annotations: {}, href: null },
];
const err = (status: number, code: string, message: string, headers?: Record<string, string>): FakeResponse => ({
  status,
  headers,
  body: { object: 'error', status, code, message },
});

/** A plain value into the read shape of a property of `type`. */
function toProp(type: string, v: Plain): Record<string, unknown> {
  switch (type) {
    case 'title':
    case 'rich_text':
      return { type, [type]: v === null ? [] : rich(String(v)) };
    case 'select':
    case 'status':
      return { type, [type]: v === null ? null : { name: String(v) } };
    default:
      return { type, [type]: v };
  }
}

/** A written property value (as the SDK sends it) into the stored read shape. */
function fromWrite(type: string, w: Record<string, unknown>): Record<string, unknown> {
  const v = w[type];
  if (type === 'title' || type === 'rich_text') {
    const parts = (v as { text: { content: string } }[]).map((p) => p.text.content);
    for (const p of parts) if (p.length > 2000) throw new Error('validation: text content over 2000');
    return { type, [type]: parts.length ? rich(parts.join('')) : [] };
  }
  return { type, [type]: v };
}

export function plain(prop: Record<string, unknown> | undefined): Plain {
  if (!prop) return null;
  const t = prop.type as string;
  const v = prop[t];
  if (t === 'title' || t === 'rich_text') return (v as { plain_text: string }[]).map((p) => p.plain_text).join('');
  if (t === 'select' || t === 'status') return (v as { name: string } | null)?.name ?? null;
  return v as Plain;
}

function matches(page: Page, f: Record<string, unknown> | undefined): boolean {
  if (!f) return true;
  if (Array.isArray(f.and)) return (f.and as Record<string, unknown>[]).every((x) => matches(page, x));
  if (Array.isArray(f.or)) return (f.or as Record<string, unknown>[]).some((x) => matches(page, x));
  const prop = page.properties[f.property as string];
  const [kind, cond] = Object.entries(f).find(([k]) => k !== 'property')! as [string, Record<string, unknown>];
  if (prop && prop.type !== kind)
    throw new Error(`validation: filter type ${kind} does not match property type ${String(prop.type)}`);
  const value = plain(prop);
  if ('equals' in cond) return value === cond.equals;
  if ('is_empty' in cond) return value === null || value === '';
  if ('is_not_empty' in cond) return !(value === null || value === '');
  if ('contains' in cond) return typeof value === 'string' && value.includes(String(cond.contains));
  throw new Error(`fake does not support filter ${JSON.stringify(cond)}`);
}

export interface NotionFake {
  baseUrl: string;
  token: string;
  requests: { method: string; path: string; at: number }[];
  /** Replies to inject before normal handling (e.g. a 429 with Retry-After). */
  inject: FakeResponse[];
  createDatabase(title: string, schema: Record<string, string>): string;
  addRow(dbId: string, values: Record<string, Plain>): string;
  rows(dbId: string): ({ id: string } & Record<string, Plain>)[];
  row(pageId: string): Record<string, Plain>;
  /** Edits a row as a person in the Notion UI would (no API request counted); moves last_edited_time. */
  edit(pageId: string, values: Record<string, Plain>): void;
  /** last_edited_time of a row. */
  editedAt(pageId: string): Date;
  blocks(pageId: string): { type: string; text: string }[];
  /** A page outside any database, e.g. the parent of configuration backups; answers its id. */
  addPage(title: string): string;
  /** The child pages made under a page, oldest first. */
  childPages(parentId: string): { id: string; title: string }[];
  /** Whether the page was moved to the trash. */
  trashed(pageId: string): boolean;
  /** An outage: requests wait (unanswered) until the returned function is called. */
  pause(): () => void;
  /** An outage that answers: every request gets `reply` (a 429 or a 5xx) until called with undefined. */
  failWith(reply: FakeResponse | undefined): void;
  close: () => Promise<void>;
}

/** Enough of the Notion API (2025-09-03, data sources) for the platform, driven by @notionhq/client. */
export async function startNotionFake(token = 'secret_notion_fake_token'): Promise<NotionFake> {
  const dbs = new Map<string, Db>();
  const pages = new Map<string, Page>();
  const requests: NotionFake['requests'] = [];
  const inject: FakeResponse[] = [];
  const dsToDb = (ds: string) => [...dbs.values()].find((d) => d.dataSourceId === ds);
  const pageJson = (p: Page) => ({
    object: 'page',
    id: p.id,
    url: `https://notion.so/${p.id.replaceAll('-', '')}`,
    parent: { type: 'data_source_id', data_source_id: p.dataSourceId },
    properties: p.properties,
    created_time: new Date(p.createdAt).toISOString(),
    last_edited_time: new Date(p.editedAt).toISOString(),
    archived: !!p.inTrash,
    in_trash: !!p.inTrash,
  });
  const paginate = <T>(items: T[], cursor: string | null, size: number) => {
    const start = cursor ? Number(cursor) : 0;
    const slice = items.slice(start, start + size);
    const more = start + size < items.length;
    return { object: 'list', results: slice, has_more: more, next_cursor: more ? String(start + size) : null };
  };

  /** A page outside any database (a parent page, or a child page of one): its only property is `title`. */
  const standalonePage = (title: Record<string, unknown>): Page => {
    const page: Page = {
      id: randomUUID(),
      dataSourceId: '',
      properties: { title },
      children: [],
      createdAt: Date.now(),
      editedAt: Date.now(),
    };
    pages.set(page.id, page);
    return page;
  };

  let outage: Promise<void> | undefined;
  let failing: FakeResponse | undefined;
  const server = await startHttpFake(async (req) => {
    if (outage) await Promise.race([outage, req.aborted]);
    if (req.isAborted()) return undefined;
    requests.push({ method: req.method, path: req.path, at: Date.now() });
    if (failing) return failing;
    if (req.headers.authorization !== `Bearer ${token}`) return err(401, 'unauthorized', 'API token is invalid.');
    if (!req.headers['notion-version']) return err(400, 'missing_version', 'Notion-Version header missing');
    const injected = inject.shift();
    if (injected) return injected;
    const body = req.body.length ? (JSON.parse(req.body.toString('utf8')) as Record<string, unknown>) : {};
    const m = (re: RegExp) => re.exec(req.path);
    try {
      let r: RegExpExecArray | null;
      if (req.method === 'GET' && req.path === '/v1/users/me')
        return { status: 200, body: { object: 'user', id: 'bot-1', type: 'bot', bot: {} } };
      if (req.method === 'GET' && (r = m(/^\/v1\/databases\/([^/]+)$/))) {
        const db = dbs.get(r[1]!);
        return db
          ? {
              status: 200,
              body: { object: 'database', id: db.id, data_sources: [{ id: db.dataSourceId, name: db.title }] },
            }
          : err(404, 'object_not_found', 'no such database');
      }
      if (req.method === 'GET' && (r = m(/^\/v1\/data_sources\/([^/]+)$/))) {
        const db = dsToDb(r[1]!);
        if (!db) return err(404, 'object_not_found', 'no such data source');
        return {
          status: 200,
          body: {
            object: 'data_source',
            id: db.dataSourceId,
            properties: Object.fromEntries(
              Object.entries(db.schema).map(([n, t]) => [n, { id: n, name: n, type: t, [t]: {} }]),
            ),
          },
        };
      }
      if (req.method === 'POST' && (r = m(/^\/v1\/data_sources\/([^/]+)\/query$/))) {
        const db = dsToDb(r[1]!);
        if (!db) return err(404, 'object_not_found', 'no such data source');
        const hits = [...pages.values()]
          .filter((p) => p.dataSourceId === db.dataSourceId && !p.inTrash)
          .filter((p) => matches(p, body.filter as Record<string, unknown>))
          .sort((a, b) => a.createdAt - b.createdAt);
        return {
          status: 200,
          body: paginate(
            hits.map(pageJson),
            (body.start_cursor as string) ?? null,
            Math.min(Number(body.page_size ?? 100), 100),
          ),
        };
      }
      if (req.method === 'POST' && req.path === '/v1/pages' && (body.parent as { page_id?: string }).page_id) {
        const parentPage = pages.get((body.parent as { page_id: string }).page_id);
        if (!parentPage) return err(404, 'object_not_found', 'no such parent page');
        const page = standalonePage(fromWrite('title', (body.properties as Props).title!));
        parentPage.children.push({
          id: page.id,
          type: 'child_page',
          child_page: { title: plain(page.properties.title) },
        });
        return { status: 200, body: pageJson(page) };
      }
      if (req.method === 'POST' && req.path === '/v1/pages') {
        const parent = body.parent as { data_source_id?: string; database_id?: string };
        const db = parent.data_source_id ? dsToDb(parent.data_source_id) : dbs.get(parent.database_id ?? '');
        if (!db) return err(404, 'object_not_found', 'no such parent');
        const props: Props = {};
        for (const [name, w] of Object.entries(body.properties as Props)) {
          if (!db.schema[name]) return err(400, 'validation_error', `${name} is not a property that exists.`);
          props[name] = fromWrite(db.schema[name], w);
        }
        const page: Page = {
          id: randomUUID(),
          dataSourceId: db.dataSourceId,
          properties: props,
          children: [],
          createdAt: Date.now(),
          editedAt: Date.now(),
        };
        pages.set(page.id, page);
        return { status: 200, body: pageJson(page) };
      }
      if ((r = m(/^\/v1\/pages\/([^/]+)$/))) {
        const page = pages.get(r[1]!);
        if (!page) return err(404, 'object_not_found', 'no such page');
        if (req.method === 'PATCH') {
          if (page.inTrash)
            return err(
              400,
              'validation_error',
              "Can't edit block that is archived. You must unarchive the block before editing.",
            );
          if (body.erase_content === true) page.children = [];
          if (body.in_trash === true || body.archived === true) page.inTrash = true;
          const db = dsToDb(page.dataSourceId)!;
          for (const [name, w] of Object.entries((body.properties ?? {}) as Props)) {
            if (!db.schema[name]) return err(400, 'validation_error', `${name} is not a property that exists.`);
            page.properties[name] = fromWrite(db.schema[name], w);
          }
          page.editedAt = Math.max(Date.now(), page.editedAt + 1);
        }
        return { status: 200, body: pageJson(page) };
      }
      if ((r = m(/^\/v1\/blocks\/([^/]+)\/children$/))) {
        const page = pages.get(r[1]!);
        if (!page) return err(404, 'object_not_found', 'no such block');
        if (req.method === 'GET')
          return {
            status: 200,
            body: paginate(page.children, req.query.get('start_cursor'), Number(req.query.get('page_size') ?? 100)),
          };
        const children = body.children as Block[];
        if (children.length > 100) return err(400, 'validation_error', 'body.children.length should be ≤ 100');
        for (const c of children) {
          const parts = (c[c.type] as { rich_text?: { text: { content: string } }[] }).rich_text ?? [];
          if (parts.some((p) => p.text.content.length > 2000))
            return err(400, 'validation_error', 'text.content.length should be ≤ 2000');
          page.children.push({
            ...c,
            id: randomUUID(),
            [c.type]: { rich_text: rich(parts.map((p) => p.text.content).join('')) },
          });
        }
        return { status: 200, body: { object: 'list', results: page.children.slice(-children.length) } };
      }
      return err(404, 'invalid_request_url', `fake has no ${req.method} ${req.path}`);
    } catch (e) {
      return err(400, 'validation_error', (e as Error).message);
    }
  });

  return {
    baseUrl: server.url,
    token,
    requests,
    inject,
    createDatabase(title, schema) {
      const id = randomUUID();
      dbs.set(id, { id, dataSourceId: randomUUID(), title, schema });
      return id;
    },
    addRow(dbId, values) {
      const db = dbs.get(dbId)!;
      const props: Props = {};
      for (const [name, type] of Object.entries(db.schema))
        props[name] = toProp(type, values[name] ?? (type === 'checkbox' ? false : null));
      const page: Page = {
        id: randomUUID(),
        dataSourceId: db.dataSourceId,
        properties: props,
        children: [],
        createdAt: Date.now() + pages.size,
        editedAt: Date.now(),
      };
      pages.set(page.id, page);
      return page.id;
    },
    rows(dbId) {
      const db = dbs.get(dbId)!;
      return [...pages.values()]
        .filter((p) => p.dataSourceId === db.dataSourceId)
        .map((p) => ({ id: p.id, ...Object.fromEntries(Object.entries(p.properties).map(([k, v]) => [k, plain(v)])) }));
    },
    edit(pageId, values) {
      const page = pages.get(pageId)!;
      const db = dsToDb(page.dataSourceId)!;
      for (const [k, v] of Object.entries(values)) page.properties[k] = toProp(db.schema[k]!, v);
      page.editedAt = Math.max(Date.now(), page.editedAt + 1);
    },
    editedAt: (pageId) => new Date(pages.get(pageId)!.editedAt),
    row(pageId) {
      return Object.fromEntries(Object.entries(pages.get(pageId)!.properties).map(([k, v]) => [k, plain(v)]));
    },
    blocks(pageId) {
      return pages.get(pageId)!.children.map((b) => ({
        type: b.type,
        text:
          b.type === 'child_page'
            ? String((b.child_page as { title: string }).title)
            : (plain({ type: 'rich_text', rich_text: (b[b.type] as { rich_text: unknown }).rich_text }) as string),
      }));
    },
    addPage(title) {
      return standalonePage(toProp('title', title)).id;
    },
    childPages(parentId) {
      return pages
        .get(parentId)!
        .children.filter((b) => b.type === 'child_page')
        .map((b) => ({ id: b.id, title: String((b.child_page as { title: string }).title) }));
    },
    trashed(pageId) {
      return !!pages.get(pageId)!.inTrash;
    },
    pause() {
      let resume!: () => void;
      outage = new Promise<void>((r) => (resume = r));
      return () => {
        outage = undefined;
        resume();
      };
    },
    failWith(reply) {
      failing = reply;
    },
    close: server.close,
  };
}
