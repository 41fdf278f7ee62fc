import { spawn } from 'child_process';

/** What a finished command printed and returned. */
export interface ExecResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Thrown when a command is still running at the deadline; it was killed. */
export class DeadlineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeadlineError';
  }
}

/**
 * Runs a command without a shell, feeding `stdin`, and kills it (SIGKILL) if it is still
 * running at `deadline` (epoch ms). Never rejects for a non-zero exit: the caller decides.
 */
export function run(command: string, args: string[], options: { deadline: number; stdin?: string; env?: NodeJS.ProcessEnv }): Promise<ExecResult> {
  const budget = options.deadline - Date.now();
  if (budget <= 0) return Promise.reject(new DeadlineError(`no time left to run ${command} ${args[0] ?? ''}`));
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, budget);
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${command}: ${e.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (timedOut) {
        reject(new DeadlineError(`${command} ${args[0] ?? ''} did not finish before the handler's deadline and was stopped`));
        return;
      }
      resolve({ exitCode: code ?? 1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
    child.stdin.on('error', () => { /* the command may exit before reading stdin */ });
    child.stdin.end(options.stdin ?? '');
  });
}
