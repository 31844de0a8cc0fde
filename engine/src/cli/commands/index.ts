import type { CliCommand } from '../command';
import { backendsCommand } from './backends';
import { decodeCommand } from './decode';
import { infoCommand } from './info';
import { exportCommand } from './export';
import { workspaceCommands } from './workspace';
import { phantomCommand } from './phantom';
import { evalCommand } from './eval';
import { trainCommand } from './train';
import { tagCommand } from './tag';
import { calibrateCommand } from './calibrate';
import { trainLungsCommand } from './trainLungs';
import { simulateAcceptCommand } from './simulateAccept';
import { trainSegCommand } from './trainSeg';
import { lungsCommand } from './lungs';
import { demoCommand } from './demo';
import { pacsCommands } from './pacs';

/** Every `taggan` command; add new ones here. */
export const COMMANDS: CliCommand[] = [backendsCommand, infoCommand, decodeCommand, ...workspaceCommands, exportCommand, phantomCommand, evalCommand, trainCommand, calibrateCommand, tagCommand, trainLungsCommand, lungsCommand, trainSegCommand, simulateAcceptCommand, demoCommand, ...pacsCommands];
