/** Development stores run stand-ins and public test staff; production stores hold customers. */
export type StoreMode = 'development' | 'production'

/** The store port for facts about the store itself (implemented in src/main/store/repos/store-info.repo.ts). */
export interface StoreInfoRepo {
  /** The mode the store was first opened in; null for a store from before it was recorded. */
  mode(): Promise<StoreMode | null>
  /** Records the mode unless one is recorded already (another workstation may be first). */
  recordMode(mode: StoreMode, at: string): Promise<void>
}
