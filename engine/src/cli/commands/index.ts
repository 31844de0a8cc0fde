import type { CliCommand } from '../command';
import { backendsCommand } from './backends';

/** Every `taggan` command; add new ones here. */
export const COMMANDS: CliCommand[] = [backendsCommand];
