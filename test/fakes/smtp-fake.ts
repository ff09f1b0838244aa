import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  headers: Record<string, string>;
  text: string;
  attachments: { filename: string; contentType: string; content: Buffer }[];
  raw: string;
  /** The AUTH user, when the fake requires login. */
  user?: string;
  /** Date.now() when the message was accepted. */
  receivedAt: number;
}

/** A real SMTP server (the `smtp-server` package) on loopback that keeps every message it accepts. */
export interface SmtpFake {
  url: string;
  mails: ReceivedMail[];
  /** Resolves with the first mail (already received or arriving) that matches. */
  waitFor(match: (m: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  /** An outage while true: every connection is refused with `421 Service not available` (a mail server down). */
  setDown(down: boolean): void;
  close(): Promise<void>;
}

function parseHeaders(block: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of block.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) out[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return out;
}

/** Decodes RFC 2047 encoded-words enough to read a subject. */
function decodeWords(value: string): string {
  return value.replace(/=\?utf-8\?([BQ])\?([^?]*)\?=\s*/gi, (_, enc: string, text: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(
          text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
  );
}

function decode(body: string, encoding = ''): Buffer {
  if (/base64/i.test(encoding)) return Buffer.from(body.replace(/\s+/g, ''), 'base64');
  if (/quoted-printable/i.test(encoding)) {
    return Buffer.from(
      body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
      'latin1',
    );
  }
  return Buffer.from(body);
}

/** Just enough MIME for what nodemailer sends: one level of multipart, text and attachments. */
function parseMail(raw: string, from: string, to: string[], user?: string): ReceivedMail {
  const split = raw.indexOf('\r\n\r\n');
  const headers = parseHeaders(raw.slice(0, split));
  const body = raw.slice(split + 4);
  const mail: ReceivedMail = {
    receivedAt: Date.now(),
    from,
    to,
    subject: decodeWords(headers.subject ?? ''),
    headers,
    text: '',
    attachments: [],
    raw,
    user,
  };
  const boundary = /boundary="?([^";]+)"?/i.exec(headers['content-type'] ?? '')?.[1];
  const parts = boundary
    ? body
        .split(`--${boundary}`)
        .slice(1, -1)
        .map((p) => {
          const s = p.replace(/^\r\n/, '');
          const at = s.indexOf('\r\n\r\n');
          return { headers: parseHeaders(s.slice(0, at)), body: s.slice(at + 4).replace(/\r\n$/, '') };
        })
    : [{ headers, body }];
  for (const part of parts) {
    const type = part.headers['content-type'] ?? 'text/plain';
    const content = decode(part.body, part.headers['content-transfer-encoding']);
    const filename = /filename="?([^";]+)"?/i.exec(part.headers['content-disposition'] ?? '')?.[1];
    if (filename) mail.attachments.push({ filename, contentType: type.split(';')[0]!, content });
    else if (type.startsWith('text/plain')) mail.text += content.toString('utf8');
  }
  return mail;
}

/** `auth` set: the server requires that login (AUTH PLAIN/LOGIN without TLS). */
export async function startSmtpFake(auth?: { user: string; pass: string }): Promise<SmtpFake> {
  const mails: ReceivedMail[] = [];
  const waiters: { match: (m: ReceivedMail) => boolean; resolve: (m: ReceivedMail) => void }[] = [];
  let down = false;
  const server = new SMTPServer({
    secure: false,
    authOptional: !auth,
    allowInsecureAuth: true,
    disabledCommands: auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    logger: false,
    onConnect(_session, cb) {
      if (!down) return cb();
      return cb(Object.assign(new Error('Service not available'), { responseCode: 421 }));
    },
    onAuth(a, _session, cb) {
      if (auth && a.username === auth.user && a.password === auth.pass) return cb(null, { user: a.username });
      return cb(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const mail = parseMail(
          Buffer.concat(chunks).toString('latin1'),
          session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          session.envelope.rcptTo.map((r) => r.address),
          session.user as string | undefined,
        );
        mails.push(mail);
        for (const w of [...waiters]) if (w.match(mail)) w.resolve(mail);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://${auth ? `${encodeURIComponent(auth.user)}:${encodeURIComponent(auth.pass)}@` : ''}127.0.0.1:${port}`,
    mails,
    waitFor(match, timeoutMs = 20_000) {
      const found = mails.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const w = { match, resolve: (m: ReceivedMail) => (clearTimeout(t), resolve(m)) };
        const t = setTimeout(() => {
          waiters.splice(waiters.indexOf(w), 1);
          reject(new Error(`no matching mail within ${timeoutMs} ms; got: ${mails.map((m) => m.subject).join(' | ')}`));
        }, timeoutMs);
        waiters.push(w);
      });
    },
    setDown: (d) => void (down = d),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
