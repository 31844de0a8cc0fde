/** Engine and protocol versions; the engine version follows package.json. */
export const ENGINE_VERSION = '0.1.0';
/** Bumped on any incompatible change to engine/protocol. */
export const PROTOCOL_VERSION = 1;
