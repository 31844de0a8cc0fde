/** Engine and protocol versions; the engine version follows package.json. */
export const ENGINE_VERSION = '0.1.0';
/** Bumped on any incompatible change to engine/protocol. */
export const PROTOCOL_VERSION = 1;
/** Our implementation class UID (UUID-derived, 2.25 root) and version name for DICOM file meta headers we write. */
export const IMPLEMENTATION_CLASS_UID = '2.25.108390432152950624946493512311284542017';
export const IMPLEMENTATION_VERSION_NAME = `TAGGAN_${ENGINE_VERSION}`.slice(0, 16);
