// `dml-lens doctor`: the compute backend on this machine and what to install for more speed
// (lib/backend/doctor.ts).
import type { CommandSpec, ParsedArgs } from '../../../lib/cli/command';

async function doctor(args: ParsedArgs): Promise<void> {
  const { diagnose, formatReport } = await import('../../../lib/backend/doctor');
  const report = await diagnose();
  console.log(args.flags.json ? JSON.stringify(report, null, 2) : formatReport(report));
}

export const commands: CommandSpec[] = [
  {
    name: 'doctor',
    summary: 'Show the compute backend: choice and why, threads, native kernels, SIMD, memory limit, tfjs-node(-gpu), GPU',
    flags: [{ name: 'json', type: 'boolean', description: 'Print the report as JSON' }],
    examples: ['dml-lens doctor', 'DML_NATIVE=0 dml-lens doctor --json'],
    run: doctor,
  },
];
