/** A real engine in this process, reached through the in-process transport and the protocol client. */
import { EngineClient } from '../../../engine/protocol/client';
import { createEngine } from '../../../engine/src/methods/createEngine';
import { connectInProcess } from '../../../engine/src/transports/inProcess';

export function inProcessClient(): EngineClient {
  return new EngineClient(connectInProcess(createEngine()));
}
