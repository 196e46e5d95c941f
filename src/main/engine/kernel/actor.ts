/** Who acts: the signed-in staff member (null before sign-in, e.g. bootstrap) at a workstation. Named in every audit event. */
export interface Actor {
  staffId: string | null
  workstation: string
}
