/** The store port for this aggregate (implemented in src/main/store/repos/session-key.repo.ts). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in as the services move onto it
export interface SessionKeyRepo {}
