/** The store port for this aggregate (implemented in src/main/store/repos/fraud.repo.ts). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in as the services move onto it
export interface FraudRepo {}
