import PDFDocument from 'pdfkit';
import type { AuditReport } from './audit-report';

const lines = (record: Record<string, number>) =>
  Object.entries(record)
    .sort(([, a], [, b]) => b - a)
    .map(([k, n]) => `${k}: ${n}`);

/** The weekly audit report as a PDF (pdfkit, in memory): the same facts as the JSON, for people. */
export function renderAuditReportPdf(r: AuditReport, businessName: string): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: `Audit report ${r.period.from.slice(0, 10)} to ${r.period.to.slice(0, 10)}`, Author: businessName },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const section = (title: string, body: string[]) => {
    doc.moveDown().fontSize(13).text(title);
    doc.fontSize(10);
    for (const l of body.length ? body : ['none']) doc.text(l);
  };

  doc.fontSize(18).text(`${businessName}: audit report`);
  doc.fontSize(10).text(`Period ${r.period.from} to ${r.period.to}; generated ${r.generatedAt}`);
  doc
    .moveDown()
    .fontSize(14)
    .text(r.status === 'ok' ? 'Status: OK' : 'Status: BROKEN');
  const c = r.chain;
  section('Hash chain', [
    `${c.status}: ${c.entries} entries, head #${c.headSeq} ${c.headHash}`,
    c.legacyPrefix
      ? `legacy prefix (pre-RFC 8785 hashing): ${c.legacyPrefix.entries} entries up to #${c.legacyPrefix.lastSeq}`
      : 'no legacy prefix',
    ...(c.firstBreak ? [`first break at #${c.firstBreak.seq} (${c.firstBreak.problem}): ${c.firstBreak.detail}`] : []),
  ]);
  const last = r.checkpoints.last;
  section('Signed checkpoints', [
    `${r.checkpoints.count} stored, ${r.checkpoints.invalidSignatures} with an invalid signature`,
    last
      ? `last: #${last.seq} at ${last.createdAt} (${last.reason}), key ${last.keyId}, signature ${last.signatureValid ? 'valid' : 'INVALID'}, matches chain: ${String(last.matchesChain)}`
      : 'none yet',
  ]);
  section(`Entries in the period: ${r.entries.total}`, []);
  section('By action', lines(r.entries.byAction));
  section('By actor', lines(r.entries.byActor));
  const s = r.security;
  section('Admin access', [
    `failed logins: ${s.failedLogins} from ${s.failedLoginAddresses} addresses`,
    `bans placed: ${s.bansPlaced}; active now: ${s.activeBans}`,
    s.note,
  ]);
  section('Data subject requests', ['not handled by this platform yet']);
  doc.end();
  return done;
}
