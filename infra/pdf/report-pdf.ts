import PDFDocument from 'pdfkit';
import { formatCents } from '../../domain/money';
import { factLines } from '../../domain/report-fact-lines';
import type { ReportFacts } from '../../domain/report-facts';
import { drawBarChart } from './pdf-chart';

export interface ReportPdfInput {
  title: string;
  /** The report as emailed (plain text). */
  text: string;
  facts: ReportFacts;
  /** The CEO brief's narrative and the facts it was given. */
  narrative?: { text: string; model: string; factsUsed: string[] } | null;
}

// The standard PDF fonts are WinAnsi: characters outside it are spelled out rather than printed as garbage.
const winAnsi = (s: string) => s.replace(/→/g, '->').replace(/[^\x20-\x7e\n\u00a0-\u00ff\u2014\u2013\u2022]/g, '?');

/**
 * The executive report / CEO brief PDF (pdfkit, in memory): page 1 the headline facts, the narrative
 * when there is one and the report text; the last page four charts (tasks per day, QA distribution,
 * cost vs revenue, p95 latency per day).
 */
export function renderReportPdf(r: ReportPdfInput): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: r.title, Author: 'EchoPilot' } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const f = r.facts;
  doc.fontSize(18).text(winAnsi(r.title));
  doc.moveDown(0.3).fontSize(9).fillColor('#555');
  doc.text(winAnsi(`${f.periodStart.slice(0, 16)} -> ${f.periodEnd.slice(0, 16)} UTC`)).fillColor('#000');
  doc.moveDown().fontSize(12).text('Facts');
  doc.fontSize(9);
  for (const l of factLines(f)) doc.text(winAnsi(l));
  if (r.narrative) {
    doc
      .moveDown()
      .fontSize(12)
      .text(`Narrative (${winAnsi(r.narrative.model)})`);
    doc.fontSize(9).text(winAnsi(r.narrative.text));
    doc
      .fontSize(8)
      .fillColor('#555')
      .text(winAnsi(`Numbers used: ${r.narrative.factsUsed.join(', ')}`));
    doc.fillColor('#000');
  }
  doc.moveDown().fontSize(12).text('Report');
  doc.fontSize(8).text(winAnsi(r.text));

  doc.addPage();
  const labels = f.days.map((d) => d.day.slice(5));
  const W = 240;
  const H = 170;
  drawBarChart(
    doc,
    { x: 50, y: 60, w: W, h: H },
    {
      title: 'Tasks finished per day',
      labels,
      series: [{ name: 'tasks', color: '#3b6ea5', values: f.days.map((d) => d.tasks) }],
      format: (v) => String(Math.round(v)),
    },
  );
  drawBarChart(
    doc,
    { x: 305, y: 60, w: W, h: H },
    {
      title: 'QA score distribution (delivered tasks)',
      labels: f.qaDistribution.map((b) => b.band),
      series: [{ name: 'tasks', color: '#4f9a5f', values: f.qaDistribution.map((b) => b.tasks) }],
      format: (v) => String(Math.round(v)),
    },
  );
  drawBarChart(
    doc,
    { x: 50, y: 280, w: W, h: H },
    {
      title: `Revenue vs LLM cost per day (${f.currency.toUpperCase()} / USD)`,
      labels,
      series: [
        { name: 'revenue', color: '#4f9a5f', values: f.days.map((d) => d.revenueCents / 100) },
        { name: 'LLM cost', color: '#c0504d', values: f.days.map((d) => d.llmCostMicroUsd / 1_000_000) },
      ],
      format: (v) => formatCents(Math.round(v * 100)),
    },
  );
  drawBarChart(
    doc,
    { x: 305, y: 280, w: W, h: H },
    {
      title: 'p95 latency per day (seconds)',
      labels,
      series: [{ name: 'p95', color: '#8064a2', values: f.days.map((d) => (d.p95Ms ?? 0) / 1000) }],
      format: (v) => v.toFixed(1),
    },
  );
  doc.end();
  return done;
}
