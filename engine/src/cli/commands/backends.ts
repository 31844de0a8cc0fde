import { parseArgs } from 'node:util';
import { probeAllBackends } from '../../tf/backends';
import type { CliCommand } from '../command';

export const backendsCommand: CliCommand = {
  name: 'backends',
  summary: 'probe every TF.js backend and say which one would be used',
  usage: 'taggan backends [--json]',
  async run(argv, ctx) {
    const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean' } }, strict: true });
    const probes = await probeAllBackends();
    const chosen = probes.find((p) => p.ok)?.name ?? null;
    if (values.json) {
      ctx.out(JSON.stringify({ chosen, backends: probes }));
      return chosen ? 0 : 1;
    }
    ctx.out(`backend: ${chosen ?? 'none'} (first available on the ladder ${probes.map((p) => p.name).join(' -> ')})`);
    for (const p of probes) ctx.out(`  ${p.ok ? 'yes' : 'no '}  ${p.name.padEnd(10)} ${p.detail}`);
    return chosen ? 0 : 1;
  },
};
