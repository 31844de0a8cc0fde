// The workspace records are part of the engine protocol (the UI reads them); they live in engine/protocol.
export * from '../../protocol/workspace';
