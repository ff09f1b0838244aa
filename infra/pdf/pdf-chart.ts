export interface ChartSeries {
  name: string;
  color: string;
  values: number[];
}

export interface BarChart {
  title: string;
  labels: string[];
  series: ChartSeries[];
  /** How an axis value is printed (the maximum, and each bar's value when there is room). */
  format: (v: number) => string;
}

/**
 * A grouped bar chart drawn with pdfkit's vector primitives inside the box (x, y, w, h): server-side,
 * no browser or canvas needed. Values are scaled to the largest one; an all-zero chart draws its axes.
 */
export function drawBarChart(
  doc: PDFKit.PDFDocument,
  box: { x: number; y: number; w: number; h: number },
  c: BarChart,
) {
  const { x, y, w, h } = box;
  doc.fillColor('#000').fontSize(10).text(c.title, x, y, { width: w });
  const top = y + 28;
  const bottom = y + h - 18;
  const left = x + 44;
  const right = x + w;
  const max = Math.max(0, ...c.series.flatMap((s) => s.values));
  doc.fontSize(7).fillColor('#555');
  doc.text(c.format(max), x, top - 4, { width: 42, align: 'right' });
  doc.text(c.format(0), x, bottom - 4, { width: 42, align: 'right' });
  doc.moveTo(left, top).lineTo(left, bottom).lineTo(right, bottom).strokeColor('#999').lineWidth(0.5).stroke();

  const groups = Math.max(1, c.labels.length);
  const groupW = (right - left) / groups;
  const barW = Math.max(1, (groupW * 0.7) / Math.max(1, c.series.length));
  c.labels.forEach((label, i) => {
    c.series.forEach((s, j) => {
      const v = s.values[i] ?? 0;
      const bh = max === 0 ? 0 : ((bottom - top) * v) / max;
      if (bh > 0)
        doc
          .rect(left + i * groupW + groupW * 0.15 + j * barW, bottom - bh, barW, bh)
          .fillColor(s.color)
          .fill();
    });
    // Every label when they fit, else about eight of them spread over the axis.
    if (groups <= 8 || i % Math.ceil(groups / 8) === 0)
      doc
        .fillColor('#555')
        .fontSize(6)
        .text(label, left + i * groupW, bottom + 3, { width: Math.max(groupW, 30), align: 'left' });
  });
  if (c.series.length > 1) {
    let lx = left;
    for (const s of c.series) {
      doc
        .rect(lx, y + 16, 6, 6)
        .fillColor(s.color)
        .fill();
      doc
        .fillColor('#333')
        .fontSize(7)
        .text(s.name, lx + 9, y + 15);
      lx += 70;
    }
  }
  doc.fillColor('#000');
}
