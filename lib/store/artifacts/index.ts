// The artifact store this process uses (DML_LENS_ARTIFACTS), made once per setting.
import { DirectoryArtifactStore } from './fs-store';
import { S3ArtifactStore } from './s3-store';
import { artifactsSetting, parseArtifactsLocation, type ArtifactStore } from './store';

export type { ArtifactStore } from './store';

const stores = new Map<string, ArtifactStore>();
const checked = new Map<string, Promise<void>>();

export function artifactStore(setting = artifactsSetting()): ArtifactStore {
  let store = stores.get(setting);
  if (!store) {
    const loc = parseArtifactsLocation(setting);
    store = loc.kind === 's3' ? new S3ArtifactStore(loc.bucket, loc.prefix) : new DirectoryArtifactStore(loc.dir);
    stores.set(setting, store);
  }
  return store;
}

/** The store after one check per process (a missing bucket or unwritable folder is one clear line). */
export async function checkedArtifactStore(setting = artifactsSetting()): Promise<ArtifactStore> {
  const store = artifactStore(setting);
  let p = checked.get(setting);
  if (!p) {
    p = store.check();
    checked.set(setting, p);
    p.catch(() => checked.delete(setting));
  }
  await p;
  return store;
}
