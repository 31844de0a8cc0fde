/**
 * The engine's DICOMweb connection: one server at a time, its credentials in this process's memory only
 * (never written, never sent back). What clients see is `PacsConnection`: the URL and who we are.
 */
import type { PacsConnectParams, PacsConnection } from '../../protocol/pacs';
import { EngineError } from '../errors';
import { DEFAULT_LIMITS, DicomWebClient } from './dicomwebClient';

export class PacsSession {
  private client: DicomWebClient | undefined;

  /** Connects and checks the server answers a QIDO-RS query with these credentials. */
  async connect(p: PacsConnectParams, signal?: AbortSignal): Promise<PacsConnection> {
    const c = new DicomWebClient(p.url, p.auth ?? { kind: 'none' }, { ...DEFAULT_LIMITS, timeoutMs: p.timeoutMs ?? DEFAULT_LIMITS.timeoutMs });
    await c.searchStudies({ limit: 1 }, signal);
    this.client = c;
    return this.status();
  }

  status(): PacsConnection {
    return this.client ? { connected: true, url: this.client.url, as: this.client.as } : { connected: false, url: null, as: null };
  }

  disconnect(): PacsConnection {
    this.client = undefined;
    return this.status();
  }

  get current(): DicomWebClient {
    if (!this.client) throw new EngineError('BAD_REQUEST', 'not connected to a DICOMweb server: connect first (pacs.connect)');
    return this.client;
  }
}
