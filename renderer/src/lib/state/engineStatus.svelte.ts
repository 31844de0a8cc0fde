import type { Hello } from '../../../../engine/protocol/messages';
import { connectEngine, type EngineConnection } from '../engine/connect';

export type EnginePhase = 'connecting' | 'ready' | 'restarting' | 'failed';

/** The engine connection as the UI shows it: phase, hello, last error in words. */
export class EngineStatus {
  phase = $state<EnginePhase>('connecting');
  hello = $state.raw<Hello | null>(null);
  error = $state<string | null>(null);
  connection: EngineConnection | null = null;

  async start(): Promise<void> {
    try {
      const conn = await connectEngine();
      this.connection = conn;
      conn.onExit((reason, restartInMs) => {
        this.phase = restartInMs === null ? 'failed' : 'restarting';
        this.error = restartInMs === null
          ? `The engine stopped (${reason.kind}) and will not be restarted; save your work and restart the app.`
          : restartInMs >= 60_000
            ? `The engine is down (it stopped repeatedly, last: ${reason.kind}); retrying every ${Math.round(restartInMs / 1000)} s. Work already saved is safe.`
            : `The engine stopped (${reason.kind}); restarting in ${(restartInMs / 1000).toFixed(1)} s. Work already saved is safe.`;
      });
      conn.onReady(() => void this.greet());
      await this.greet();
    } catch (err) {
      this.phase = 'failed';
      this.error = err instanceof Error ? err.message : String(err);
    }
  }

  private async greet(): Promise<void> {
    const client = this.connection?.client;
    if (!client) return;
    try {
      this.hello = await client.call('hello', {});
      this.phase = 'ready';
      this.error = null;
    } catch (err) {
      this.error = `Engine did not answer: ${err instanceof Error ? err.message : String(err)}`;
    }
  }
}
