import { Initial1764000000001 } from './0001-initial'
import { Customers1764000000002 } from './0002-customers'
import { CardsPayments1764000000003 } from './0003-cards-payments'
import { AuditRetention1764000000004 } from './0004-audit-retention'
import { CustomerSealed1764000000005 } from './0005-customer-sealed'
import { SmsStatus1764000000006 } from './0006-sms-status'
import { DevKeyStore1764000000007 } from './0007-dev-key-store'
import { StaffAccess1764000000008 } from './0008-staff-access'
import { StaffQuota1764000000009 } from './0009-staff-quota'
import { AuditKeyedChain1764000000010 } from './0010-audit-keyed-chain'
import { StoreMode1764000000011 } from './0011-store-mode'
import { ReceiptPrints1764000000012 } from './0012-receipt-prints'
import { SealedFields1764000000013 } from './0013-sealed-fields'
import { AuditSealed1764000000014 } from './0014-audit-sealed'
import { Approvals1764000000015 } from './0015-approvals'
import { StaffTotp1764000000016 } from './0016-staff-totp'

/** In order. The schema version of a database is the number of these applied to it. */
export const migrations = [Initial1764000000001, Customers1764000000002, CardsPayments1764000000003, AuditRetention1764000000004, CustomerSealed1764000000005, SmsStatus1764000000006, DevKeyStore1764000000007, StaffAccess1764000000008, StaffQuota1764000000009, AuditKeyedChain1764000000010, StoreMode1764000000011, ReceiptPrints1764000000012, SealedFields1764000000013, AuditSealed1764000000014, Approvals1764000000015, StaffTotp1764000000016]
