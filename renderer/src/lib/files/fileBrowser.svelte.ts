import type { EngineClient } from '../../../../engine/protocol/client';
import { EngineCallError } from '../../../../engine/protocol/client';
import type { FsListing } from '../../../../engine/protocol/fs';

/**
 * The in-app file browser (the web host cannot show a native dialog and a browser cannot hand out paths):
 * lists folders through the engine's `fs.list`; a typed path can be a folder (listed) or a file (opened).
 */
export class FileBrowserState {
  open = $state(false);
  listing = $state.raw<FsListing | null>(null);
  pathInput = $state('');
  error = $state<string | null>(null);
  loading = $state(false);
  /** Bumped by every navigation: only the latest one may show its listing (a slow first listing of the
   * home folder must not replace a path the user typed meanwhile). */
  private nav = 0;

  constructor(private readonly client: () => EngineClient | null) {}

  async show(): Promise<void> {
    this.open = true;
    // Start at home only the first time, and only while the user has not gone anywhere yet.
    if (this.listing || this.nav > 0) return;
    const c = this.client();
    if (!c) {
      this.error = 'not connected to the engine';
      return;
    }
    // What the path box held when the browser opened: text typed while fs.places answers must survive it.
    const before = this.pathInput;
    try {
      const places = await c.call('fs.places', {});
      if (this.nav === 0) await this.go(places.home, before);
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    }
  }

  close(): void {
    this.open = false;
  }

  /**
   * Lists `dir`. Returns 'file' when the path is a file (the caller opens it), else 'dir' or 'error'. The path
   * box then shows `dir` unless the user typed in it since `typedBefore` (default: its text now).
   */
  async go(dir: string, typedBefore?: string): Promise<'dir' | 'file' | 'error'> {
    const c = this.client();
    if (!c) {
      this.error = 'not connected to the engine';
      return 'error';
    }
    const me = ++this.nav;
    const typed = typedBefore ?? this.pathInput;
    this.loading = true;
    try {
      const listing = await c.call('fs.list', { dir });
      if (me !== this.nav) return 'dir';
      this.listing = listing;
      // The path box shows where we are, unless the user typed in it meanwhile (a slow first listing of
      // the home folder used to overwrite a path typed while it loaded, so Go then went home).
      if (this.pathInput === typed) this.pathInput = listing.dir;
      this.error = null;
      return 'dir';
    } catch (e) {
      if (e instanceof EngineCallError && e.code === 'BAD_REQUEST' && /is not a folder/.test(e.message)) return 'file';
      if (me === this.nav) this.error = e instanceof Error ? e.message : String(e);
      return 'error';
    } finally {
      if (me === this.nav) this.loading = false;
    }
  }
}
