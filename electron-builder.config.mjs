// electron-builder 26 configuration (`npm run package` runs it through scripts/package.mjs).
// app.asar holds the built app only: out/{main,preload,renderer} from electron-vite, package.json
// and the production node_modules (devDependencies such as vite, vitest, playwright, typescript,
// eslint and electron-vite are left out by electron-builder itself; tests/integration/package
// checks the listing). The native addons are unpacked next to it; resources/ ships beside it as
// <app>/resources/resources, where src/main/index.ts reads it when packaged.
import afterPack from './scripts/after-pack.mjs'

/** @type {import('electron-builder').Configuration} */
const config = {
  appId: 'kz.bank.branch-teller',
  productName: 'Branch Teller',
  executableName: 'kz-branch-teller',
  copyright: 'Branch Teller',
  directories: { output: 'dist', buildResources: 'build' },
  // An unpacked Electron folder (scripts/package.mjs sets it: ELECTRON_OVERRIDE_DIST_PATH, or the
  // stand-in). Unset, electron-builder would download Electron, which these machines cannot.
  electronDist: process.env.TELLER_ELECTRON_DIST || undefined,
  // sqlite3, keytar and @node-rs/argon2 are Node-API addons: one binary serves Node and Electron
  // (Node-API is ABI-stable), so nothing is rebuilt against Electron's headers (a download).
  npmRebuild: false,
  nodeGypRebuild: false,
  buildDependenciesFromSource: false,
  asar: true,
  files: [
    'out/main/**',
    'out/preload/**',
    'out/renderer/**',
    'package.json',
    // Never shipped: the browser shell (a dev/fallback server, not an electron-vite entry), tests,
    // sources, source maps.
    '!out/browser-shell{,/**}',
    '!src{,/**}',
    '!tests{,/**}',
    '!**/*.map',
    // Build leftovers of the native addons (sources, makefiles, objects, the sqlite3 tarball):
    // only their .node binaries and JavaScript are needed at run time.
    '!node_modules/sqlite3/{deps,src}{,/**}',
    '!node_modules/sqlite3/build/{deps,node_modules}{,/**}',
    '!node_modules/sqlite3/build/Release/{obj,obj.target,.deps}{,/**}',
    '!node_modules/keytar/src{,/**}',
    '!node_modules/keytar/build/Release/{obj.target,.deps}{,/**}',
    '!node_modules/*/build/{Makefile,config.gypi,binding.Makefile}',
    '!node_modules/*/binding.gyp',
    // Install-time tools of the addons (compiling or fetching prebuilt binaries), never loaded by
    // the app: sqlite3 loads its binary through `bindings`, keytar by path.
    '!**/node_modules/{node-gyp,prebuild-install,node-addon-api}{,/**}',
  ],
  asarUnpack: [
    'node_modules/sqlite3/**',
    'node_modules/keytar/**',
    'node_modules/@node-rs/argon2/**',
    'node_modules/@node-rs/argon2-*/**',
  ],
  extraResources: [{ from: 'resources', to: 'resources', filter: ['**/*'] }],
  afterPack,
  publish: null,
  // The deb's control fields (homepage, maintainer) are required by electron-builder; `.invalid`
  // marks placeholders for the bank's real values. Written into the packaged package.json only.
  extraMetadata: {
    homepage: 'https://branch-teller.bank.invalid/',
    author: { name: 'Branch Teller maintainers', email: 'branch-teller@bank.invalid' },
  },
  linux: {
    target: ['dir', 'AppImage', 'deb'],
    category: 'Office',
    synopsis: 'Branch-teller desktop application',
  },
  deb: {
    // keytar needs the Secret Service client library at run time.
    depends: ['libgtk-3-0', 'libnotify4', 'libnss3', 'libxss1', 'libxtst6', 'xdg-utils', 'libatspi2.0-0', 'libuuid1', 'libsecret-1-0'],
  },
  // Windows: configuration only (built on a Windows machine, whose npm ci builds the addons for Windows).
  win: {
    target: [{ target: 'nsis', arch: ['x64'] }],
  },
  nsis: {
    oneClick: false,
    perMachine: true,
    allowElevation: true,
    allowToChangeInstallationDirectory: true,
    deleteAppDataOnUninstall: false,
    createDesktopShortcut: true,
    runAfterFinish: false,
  },
}

export default config
