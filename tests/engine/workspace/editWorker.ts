/**
 * Child process for the durability and lock tests (not a test file itself).
 * Usage: node --import tsx tests/engine/workspace/editWorker.ts WORKSPACE_DIR IMAGE_ID
 * Opens the workspace, prints "ready", then for every line N read from stdin applies edit N
 * (a label and an annotation whose mask is editMask(N)) and prints "ack N" only after both committed.
 */
import { createInterface } from 'node:readline';
import { Workspace } from '../../../engine/src/workspace/workspace';
import { editMask } from './editMask';

const [dir, imageArg] = process.argv.slice(2);
const ws = Workspace.open(dir!, { actor: 'worker' });
const imageId = Number(imageArg);
const img = ws.getImage(imageId)!;
process.stdout.write(`ready ${process.pid}\n`);
const rl = createInterface({ input: process.stdin });
rl.on('line', (line) => {
  const n = Number(line.trim());
  if (!Number.isInteger(n)) return;
  ws.setLabel(imageId, n % 2 ? 'abnormal' : 'normal');
  ws.saveAnnotation({ imageId, mask: editMask(img.width, img.height, n), status: 'edited', note: `edit ${n}` });
  process.stdout.write(`ack ${n}\n`);
});
rl.on('close', () => {
  ws.close();
});
