import type { CliCommand } from '../command';
import { backendsCommand } from './backends';
import { decodeCommand } from './decode';
import { infoCommand } from './info';

/** Every `taggan` command; add new ones here. */
export const COMMANDS: CliCommand[] = [backendsCommand, infoCommand, decodeCommand];
