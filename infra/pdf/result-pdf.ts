import PDFDocument from 'pdfkit';

/** One finished result as a PDF (pdfkit, built in memory): title, date, then the text as written. */
export function renderResultPdf(r: {
  businessName: string;
  title: string;
  taskId: string;
  completedAt: Date | null;
  text: string;
}): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: r.title, Author: r.businessName, Subject: `Result of task ${r.taskId}` },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.fontSize(10).fillColor('#666').text(r.businessName);
  doc.moveDown(0.5).fontSize(18).fillColor('#000').text(r.title);
  if (r.completedAt)
    doc
      .fontSize(10)
      .fillColor('#666')
      .text(`Finished ${r.completedAt.toISOString().slice(0, 10)}`);
  doc.moveDown().fontSize(11).fillColor('#000').text(r.text, { align: 'left' });
  doc.end();
  return done;
}
