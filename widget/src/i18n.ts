/**
 * The widget's UI strings. Agent text is never translated here, only the chrome
 * around it. `{n}` is replaced by a number.
 */
const en = {
  open: 'Open chat',
  close: 'Close chat',
  send: 'Send',
  placeholder: 'Write a message…',
  input: 'Your message',
  restart: 'Start a new conversation',
  newChat: 'New conversation',
  typing: 'Typing…',
  retry: 'Retry',
  failed: 'Not sent.',
  up: 'Helpful',
  down: 'Not helpful',
  you: 'You',
  agent: 'Assistant',
  operator: 'Support agent',
  ended: 'This conversation has ended.',
  transferred: 'You are now connected to a person.',
  expired: 'Your previous conversation expired, so a new one started.',
  keypad: 'Keypad',
  keypadSend: 'Submit',
  keypadDelete: 'Delete',
  unread: '{n} unread',
  dismiss: 'Dismiss',
  error: 'Something went wrong. Please try again.',
  rateLimited: 'You are sending messages too fast. Please wait a moment.',
  unavailable: 'The chat is not available right now.',
  offline: 'Connection lost. Reconnecting…',
  log: 'Conversation',
  suggestions: 'Suggested replies',
};

export type Strings = typeof en;

const de: Strings = {
  open: 'Chat öffnen',
  close: 'Chat schließen',
  send: 'Senden',
  placeholder: 'Nachricht schreiben…',
  input: 'Ihre Nachricht',
  restart: 'Neues Gespräch beginnen',
  newChat: 'Neues Gespräch',
  typing: 'Schreibt…',
  retry: 'Erneut senden',
  failed: 'Nicht gesendet.',
  up: 'Hilfreich',
  down: 'Nicht hilfreich',
  you: 'Sie',
  agent: 'Assistent',
  operator: 'Support-Mitarbeiter',
  ended: 'Dieses Gespräch ist beendet.',
  transferred: 'Sie sind jetzt mit einer Person verbunden.',
  expired: 'Ihr letztes Gespräch ist abgelaufen, ein neues hat begonnen.',
  keypad: 'Tastenfeld',
  keypadSend: 'Bestätigen',
  keypadDelete: 'Löschen',
  unread: '{n} ungelesen',
  dismiss: 'Schließen',
  error: 'Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.',
  rateLimited: 'Sie senden zu schnell. Bitte warten Sie einen Moment.',
  unavailable: 'Der Chat ist gerade nicht verfügbar.',
  offline: 'Verbindung unterbrochen. Neuer Versuch…',
  log: 'Gespräch',
  suggestions: 'Antwortvorschläge',
};

const fr: Strings = {
  open: 'Ouvrir le chat',
  close: 'Fermer le chat',
  send: 'Envoyer',
  placeholder: 'Écrivez un message…',
  input: 'Votre message',
  restart: 'Commencer une nouvelle conversation',
  newChat: 'Nouvelle conversation',
  typing: 'Écrit…',
  retry: 'Réessayer',
  failed: 'Non envoyé.',
  up: 'Utile',
  down: 'Pas utile',
  you: 'Vous',
  agent: 'Assistant',
  operator: 'Conseiller',
  ended: 'Cette conversation est terminée.',
  transferred: 'Vous êtes maintenant en contact avec une personne.',
  expired: 'Votre conversation précédente a expiré ; une nouvelle a commencé.',
  keypad: 'Clavier',
  keypadSend: 'Valider',
  keypadDelete: 'Effacer',
  unread: '{n} non lu(s)',
  dismiss: 'Fermer',
  error: 'Une erreur est survenue. Veuillez réessayer.',
  rateLimited: 'Vous envoyez des messages trop vite. Patientez un instant.',
  unavailable: 'Le chat n’est pas disponible pour le moment.',
  offline: 'Connexion perdue. Reconnexion…',
  log: 'Conversation',
  suggestions: 'Réponses suggérées',
};

const es: Strings = {
  open: 'Abrir chat',
  close: 'Cerrar chat',
  send: 'Enviar',
  placeholder: 'Escribe un mensaje…',
  input: 'Tu mensaje',
  restart: 'Empezar una conversación nueva',
  newChat: 'Nueva conversación',
  typing: 'Escribiendo…',
  retry: 'Reintentar',
  failed: 'No enviado.',
  up: 'Útil',
  down: 'No útil',
  you: 'Tú',
  agent: 'Asistente',
  operator: 'Agente de soporte',
  ended: 'Esta conversación ha terminado.',
  transferred: 'Ahora hablas con una persona.',
  expired: 'Tu conversación anterior caducó y empezó una nueva.',
  keypad: 'Teclado',
  keypadSend: 'Enviar',
  keypadDelete: 'Borrar',
  unread: '{n} sin leer',
  dismiss: 'Cerrar',
  error: 'Algo salió mal. Inténtalo de nuevo.',
  rateLimited: 'Envías mensajes demasiado rápido. Espera un momento.',
  unavailable: 'El chat no está disponible ahora mismo.',
  offline: 'Conexión perdida. Reconectando…',
  log: 'Conversación',
  suggestions: 'Respuestas sugeridas',
};

const nl: Strings = {
  open: 'Chat openen',
  close: 'Chat sluiten',
  send: 'Versturen',
  placeholder: 'Typ een bericht…',
  input: 'Uw bericht',
  restart: 'Nieuw gesprek beginnen',
  newChat: 'Nieuw gesprek',
  typing: 'Typt…',
  retry: 'Opnieuw',
  failed: 'Niet verzonden.',
  up: 'Nuttig',
  down: 'Niet nuttig',
  you: 'U',
  agent: 'Assistent',
  operator: 'Medewerker',
  ended: 'Dit gesprek is beëindigd.',
  transferred: 'U bent nu verbonden met een medewerker.',
  expired: 'Uw vorige gesprek is verlopen; er is een nieuw gestart.',
  keypad: 'Toetsenblok',
  keypadSend: 'Bevestigen',
  keypadDelete: 'Wissen',
  unread: '{n} ongelezen',
  dismiss: 'Sluiten',
  error: 'Er ging iets mis. Probeer het opnieuw.',
  rateLimited: 'U stuurt te snel berichten. Wacht even.',
  unavailable: 'De chat is nu niet beschikbaar.',
  offline: 'Verbinding verbroken. Opnieuw verbinden…',
  log: 'Gesprek',
  suggestions: 'Voorgestelde antwoorden',
};

const ar: Strings = {
  open: 'فتح الدردشة',
  close: 'إغلاق الدردشة',
  send: 'إرسال',
  placeholder: 'اكتب رسالة…',
  input: 'رسالتك',
  restart: 'بدء محادثة جديدة',
  newChat: 'محادثة جديدة',
  typing: 'يكتب…',
  retry: 'إعادة المحاولة',
  failed: 'لم تُرسل.',
  up: 'مفيد',
  down: 'غير مفيد',
  you: 'أنت',
  agent: 'المساعد',
  operator: 'موظف الدعم',
  ended: 'انتهت هذه المحادثة.',
  transferred: 'أنت الآن على تواصل مع شخص.',
  expired: 'انتهت صلاحية محادثتك السابقة، وبدأت محادثة جديدة.',
  keypad: 'لوحة المفاتيح',
  keypadSend: 'تأكيد',
  keypadDelete: 'حذف',
  unread: '{n} غير مقروءة',
  dismiss: 'إغلاق',
  error: 'حدث خطأ ما. يُرجى المحاولة مرة أخرى.',
  rateLimited: 'أنت ترسل الرسائل بسرعة كبيرة. يُرجى الانتظار قليلًا.',
  unavailable: 'الدردشة غير متاحة حاليًا.',
  offline: 'انقطع الاتصال. جارٍ إعادة الاتصال…',
  log: 'المحادثة',
  suggestions: 'ردود مقترحة',
};

const LANGUAGES: Record<string, Strings> = { en, de, fr, es, nl, ar };

const RTL = new Set(['ar', 'he', 'fa', 'ur']);

/**
 * The first supported language of the candidates (attribute, agent, page), by primary
 * subtag: `de-CH` → `de`. Falls back to English.
 */
export function pickLanguage(...candidates: (string | null | undefined)[]): string {
  for (const candidate of candidates) {
    const primary = candidate?.trim().toLowerCase().split(/[-_]/)[0];
    if (primary && Object.hasOwn(LANGUAGES, primary)) return primary;
  }
  return 'en';
}

export function stringsFor(lang: string): Strings {
  return Object.hasOwn(LANGUAGES, lang) ? (LANGUAGES[lang] ?? en) : en;
}

export function directionOf(lang: string): 'rtl' | 'ltr' {
  return RTL.has(lang) ? 'rtl' : 'ltr';
}
