export { customerPasswordChecks, customerPasswordOk } from '../../../shared/password-rules'
