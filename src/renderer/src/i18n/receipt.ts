import type { Locale } from '.'

/**
 * A receipt's words in the customer's language, whatever the teller's screen shows: the customer
 * chooses kk, ru or en at the counter (issue 16). A bank receipt, not a fiscal one.
 */
export interface ReceiptWords {
  title: string
  refundTitle: string
  duplicate: string
  bank: string
  branch: string
  workstation: string
  teller: string
  time: string
  refundedAt: string
  provider: string
  amount: string
  card: string
  authCode: string
  status: string
  reference: string
  printed: string
  notFiscal: string
  states: Record<'pending' | 'approved' | 'declined' | 'failed' | 'refunded', string>
}

/** Every reprint carries all three words, whatever the receipt's language. */
export const DUPLICATE_MARK = 'ДУБЛИКАТ / КӨШІРМЕ / DUPLICATE'

export const receiptWords: Record<Locale, ReceiptWords> = {
  en: {
    title: 'Payment receipt', refundTitle: 'Refund receipt', duplicate: DUPLICATE_MARK, bank: 'Bank', branch: 'Branch', workstation: 'Workstation',
    teller: 'Teller', time: 'Date and time (Almaty)', refundedAt: 'Refunded', provider: 'Service provider', amount: 'Amount', card: 'Card',
    authCode: 'Authorisation code', status: 'Status', reference: 'Payment reference', printed: 'Printed', notFiscal: 'Bank receipt. Not a fiscal receipt.',
    states: { pending: 'Pending', approved: 'Approved', declined: 'Declined', failed: 'Failed', refunded: 'Refunded' },
  },
  ru: {
    title: 'Квитанция об оплате', refundTitle: 'Квитанция о возврате', duplicate: DUPLICATE_MARK, bank: 'Банк', branch: 'Отделение', workstation: 'Рабочее место',
    teller: 'Операционист', time: 'Дата и время (Алматы)', refundedAt: 'Возвращено', provider: 'Поставщик услуг', amount: 'Сумма', card: 'Карта',
    authCode: 'Код авторизации', status: 'Статус', reference: 'Номер платежа', printed: 'Напечатано', notFiscal: 'Банковская квитанция. Не является фискальным чеком.',
    states: { pending: 'В обработке', approved: 'Одобрен', declined: 'Отклонён', failed: 'Ошибка', refunded: 'Возвращён' },
  },
  kk: {
    title: 'Төлем түбіртегі', refundTitle: 'Қайтару түбіртегі', duplicate: DUPLICATE_MARK, bank: 'Банк', branch: 'Бөлімше', workstation: 'Жұмыс орны',
    teller: 'Операционист', time: 'Күні мен уақыты (Алматы)', refundedAt: 'Қайтарылды', provider: 'Қызмет жеткізушісі', amount: 'Сома', card: 'Карта',
    authCode: 'Авторизация коды', status: 'Мәртебесі', reference: 'Төлем нөмірі', printed: 'Басылды', notFiscal: 'Банк түбіртегі. Фискалдық чек емес.',
    states: { pending: 'Өңделуде', approved: 'Мақұлданды', declined: 'Қабылданбады', failed: 'Қате', refunded: 'Қайтарылды' },
  },
}
