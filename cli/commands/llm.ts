import type { Command } from 'commander';
import type { ModelCapacity } from '../../infra/llm/llm-capacity';
import { printJson, printTable } from '../print';
import { apiFor } from './tasks';

type Capacity = { pacing: boolean; models: ModelCapacity[]; generatedAt: string };

const limit = (l: { rpm?: number; tpm?: number }) => `${l.rpm ?? '–'} rpm / ${l.tpm ?? '–'} tpm`;

export function registerLlmCommands(program: Command): void {
  const llm = program
    .command('llm')
    .description('The LLM provider as the platform sees it')
    .option('--api-url <url>', 'the API (default ECHOPILOT_API_URL or http://127.0.0.1:$PORT)');

  llm
    .command('capacity')
    .description('Per model: configured, learned and effective limits, current rate, waiting calls, 429s')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }, cmd: Command) => {
      const c = await apiFor(cmd).get<Capacity>('/api/llm/capacity');
      if (o.json) return printJson(c);
      if (!c.pacing) console.log('Pacing is off (LLM_PACING=false): the provider’s 429s alone slow the calls.');
      if (c.models.length === 0) return void console.log('No models configured or called yet.');
      printTable(
        ['MODEL', 'CONFIGURED', 'LEARNED', 'EFFECTIVE', 'NOW RPM', 'NOW TPM', 'WAITING', '429s 1H', 'CALLS 1H'],
        c.models.map((m) => [
          m.model,
          limit(m.configured),
          limit(m.learned),
          limit(m.effective),
          m.current.requestsPerMinute,
          m.current.tokensPerMinute,
          m.callsWaiting + m.pacedLastMinute,
          m.lastHour.rateLimited,
          m.lastHour.calls,
        ]),
      );
    });
}
