// electron-builder: `npm run dist` -> Linux AppImage + deb, Windows NSIS, macOS dmg (each on its own OS).
/** @type {import('electron-builder').Configuration} */
module.exports = {
  appId: 'org.taggan.desk',
  productName: 'TagGAN Desk',
  electronVersion: require('../node_modules/electron/package.json').version,
  directories: { output: 'release', buildResources: 'build/resources' },
  files: [
    'package.json',
    'dist/**/*',
    '!dist/**/*.map',
    'bin/**/*',
    // electron is an optional dependency (so offline installs succeed); it must not be packed.
    '!node_modules/electron{,/**/*}',
    '!node_modules/@tensorflow/tfjs-backend-wasm/wasm-out/*.js.map',
  ],
  // The default model and any user models travel outside the asar, and so do the sample radiographs
  // ("Try the samples"; the engine finds them in resources/samples, see engine/src/samples/samplesDir.ts).
  extraResources: [
    { from: 'models', to: 'models', filter: ['**/*'] },
    { from: 'samples', to: 'samples', filter: ['**/*'] },
  ],
  // Native addons (better-sqlite3, dawn.node, tfjs-node-gpu) and wasm files must be real files.
  asarUnpack: ['**/*.node', '**/*.wasm', 'node_modules/better-sqlite3/**', 'node_modules/webgpu/**', 'node_modules/@tensorflow/tfjs-node-gpu/**'],
  npmRebuild: true,
  linux: { target: ['AppImage', 'deb'], category: 'Science', maintainer: 'TagGAN Desk developers' },
  win: { target: ['nsis'] },
  mac: { target: ['dmg'], category: 'public.app-category.medical' },
  nsis: { oneClick: false, allowToChangeInstallationDirectory: true },
};
