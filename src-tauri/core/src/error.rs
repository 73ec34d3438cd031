//! The one error type of the core. Every variant carries a Swedish message that says what
//! happened and what to do next; [`ErrorKind`] is the stable, machine-readable part that
//! crosses the IPC boundary as `{ kind, message }`.

use serde::Serialize;
use ts_rs::TS;

pub use crate::refusal::{Refusal, RefusalKind};

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Machine-readable error kinds, shared with the UI (generated TypeScript).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ErrorKind {
    Locked,
    WrongPassphrase,
    TooManyAttempts,
    PassphraseTooShort,
    PassphraseMismatch,
    KeyringUnavailable,
    KeyMissing,
    DamagedOrWrongKey,
    AlreadySetUp,
    Storage,
    InvalidInput,
    /// A domain rule refuses the action; the message says why and what to do instead.
    Refused,
    /// A frozen plan version (or the append-only history) can't change.
    Frozen,
    NotFound,
    /// A protected person's record has not been opened explicitly in this session ("Öppna
    /// akten"); the UI shows the masked view.
    NotOpened,
    /// The recovery key as typed doesn't pass its check group (a typo): nothing was tried.
    RecoveryKeyMistyped,
    /// A well-typed recovery key that doesn't open this profile.
    WrongRecoveryKey,
    /// A backup that can't be read or restored; the message says why and what to do.
    BackupRefused,
    Internal,
    /// Too many searches on names or personnummer in a short time (the case list's rate limit,
    /// issue 18); the message says when to search again.
    SearchLimited,
    /// The window's call never reached a command of the app: Tauri itself refused it (a
    /// command the capability doesn't allow, an unknown command, arguments of the wrong
    /// shape). Tauri rejects those with a plain string; the UI's one invoke wrapper
    /// (`ui/src/lib/api.ts`) turns them into this kind. The core never returns it.
    Ipc,
}

/// What crosses the IPC boundary: never a bare string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct IpcError {
    pub kind: ErrorKind,
    pub message: String,
    /// For kind `refused`: which rule said no, so the UI can switch on it instead of on the
    /// wording. Absent for every other kind.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub reason: Option<RefusalKind>,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("Tryggplan är låst. Lås upp med din lösenfras för att fortsätta.")]
    Locked,

    #[error("Fel lösenfras. Kontrollera stavningen och Caps Lock och försök igen.")]
    WrongPassphrase,

    #[error(
        "För många felaktiga försök. Vänta {} innan du försöker igen.",
        if *seconds == 1 { "1 sekund".to_owned() } else { format!("{seconds} sekunder") }
    )]
    TooManyAttempts { seconds: u32 },

    #[error("Lösenfrasen är för kort. Välj minst {min} tecken, gärna flera ord.")]
    PassphraseTooShort { min: usize },

    #[error("Lösenfraserna stämmer inte överens. Skriv samma lösenfras i båda fälten.")]
    PassphraseMismatch,

    /// No usable OS keyring (on Linux: no Secret Service, or it is locked). The app then
    /// refuses to create or open data; it never falls back to a key on disk.
    #[error(
        "Datorns nyckelring går inte att nå, så Tryggplan kan inte skydda eller öppna \
         databasnyckeln. Inga uppgifter har skapats eller ändrats. Logga ut och logga in \
         på datorn igen (då låses nyckelringen upp) och starta Tryggplan igen, eller kontakta \
         IT-stöd."
    )]
    KeyringUnavailable { detail: String },

    /// A database exists but its wrapped key is not in the keyring (new laptop, reinstalled
    /// OS, another user account).
    #[error(
        "Databasnyckeln finns inte i datorns nyckelring, så den befintliga databasen kan inte \
         öppnas. Databasen har inte ändrats. Kontakta IT-stöd; skapa inte en ny databas över \
         den gamla."
    )]
    KeyMissing,

    /// The key unwrapped fine but the file does not decrypt: damaged, tampered with, or a key
    /// that belongs to another database. SQLCipher cannot tell these apart.
    #[error(
        "Databasen kan inte läsas: filen är skadad eller hör inte ihop med nyckeln. Filen har \
         inte ändrats och sparas som den är. Välj ”Återställ från säkerhetskopia” för att \
         fortsätta med den senaste säkerhetskopian, och kontakta IT-stöd."
    )]
    DamagedOrWrongKey,

    #[error(
        "Det finns redan en krypterad databas på den här datorn. Lås upp den med din lösenfras."
    )]
    AlreadySetUp,

    /// The typed recovery key fails its check group: a typo, caught before anything is tried.
    #[error(
        "Återställningsnyckeln är felskriven: den ska ha nio grupper om fyra tecken och den \
         sista gruppen stämmer inte med de andra. Jämför tecken för tecken med ditt papper och \
         skriv den igen (0 och O, 1 och I räknas som samma tecken)."
    )]
    RecoveryKeyMistyped,

    /// A correctly typed recovery key that isn't this profile's (an older sheet, another
    /// profile's), or a damaged recovery file.
    #[error(
        "Återställningsnyckeln hör inte till de här uppgifterna. Kontrollera att du använder det \
         senaste återställningsbladet (ett nytt blad ersätter alla tidigare). Inget har ändrats."
    )]
    WrongRecoveryKey,

    /// The profile has no recovery file (made before recovery keys existed, or removed).
    #[error(
        "Det finns ingen återställningsnyckel för de här uppgifterna på datorn. Lås upp med \
         lösenfrasen eller återställ från en säkerhetskopia. Inget har ändrats."
    )]
    RecoveryMissing,

    /// Not a Tryggplan backup, a newer format, truncated, or changed after it was made.
    #[error(
        "Filen går inte att använda som säkerhetskopia: {0}. Ingenting har återställts och \
         dina nuvarande uppgifter är orörda. Välj en annan säkerhetskopia (till exempel en \
         äldre) eller kontakta IT-stöd."
    )]
    BackupInvalid(&'static str),

    /// Neither the passphrase nor the recovery key given opens the backup.
    #[error(
        "Säkerhetskopian öppnas inte med det du skrev. Använd lösenfrasen som gällde när \
         kopian gjordes, eller återställningsnyckeln från det återställningsblad som gällde då. \
         Ingenting har återställts."
    )]
    BackupWrongSecret,

    /// The backup authenticated but the restored database failed a check; the new profile
    /// was removed again.
    #[error(
        "Säkerhetskopian kunde inte återställas: {0}. Den nya profilen har tagits bort igen och \
         dina nuvarande uppgifter är orörda. Prova en annan (äldre) säkerhetskopia eller kontakta \
         IT-stöd."
    )]
    RestoreFailed(&'static str),

    #[error(
        "Uppgifterna kunde inte sparas eller läsas. Inget har ändrats. Försök igen; kvarstår \
         felet, kontakta IT-stöd."
    )]
    Storage(#[source] rusqlite::Error),

    #[error("Filen i datamappen kunde inte läsas eller skrivas ({what}). Kontrollera att disken inte är full och försök igen.")]
    Io {
        what: &'static str,
        #[source]
        source: std::io::Error,
    },

    /// The PDF could not be made (never carries user text).
    #[error(
        "Dokumentet kunde inte skapas ({0}). Inget har exporterats. Försök igen; kvarstår felet, \
         kontakta IT-stöd."
    )]
    Document(String),

    /// The exported file could not be written where the user chose.
    #[error(
        "Filen kunde inte sparas där du valde ({0}). Inget har exporterats. Välj en annan mapp \
         eller ett annat namn och försök igen. Spara inte i en mapp som synkas till molnet."
    )]
    Export(String),

    #[error("{0}")]
    InvalidInput(String),

    /// A rule of the domain refuses the action (an invalid SIP transition, say): the
    /// [`Refusal`] names the reason and makes its message.
    #[error("{0}")]
    Refused(Refusal),

    #[error(
        "Den här versionen av planen är fastställd och kan inte ändras. Spara dina ändringar \
         som en ny version."
    )]
    Frozen,

    /// A recorded consent (or a disclosure on a legal ground) stays as it was entered.
    #[error(
        "Ett registrerat samtycke ändras inte i efterhand. Registrera ett nytt samtycke (det \
         ersätter det tidigare från samma person) eller återkalla det."
    )]
    ConsentFrozen,

    /// A risk assessment, or a decision on the duty to report, stays as it was entered.
    #[error(
        "En registrerad riskbedömning eller ett registrerat beslut om orosanmälan ändras inte i \
         efterhand. Rätta en riskbedömning genom att spara en rättad version (den tidigare \
         sparas), och registrera ett nytt beslut om orosanmälan om något har ändrats."
    )]
    RecordFrozen,

    /// A decision recorded before inviting someone to a protected person's SIP stays.
    #[error(
        "Ett registrerat beslut om att bjuda in någon ändras inte i efterhand. Skriv ett nytt \
         beslut om något har ändrats."
    )]
    DecisionFrozen,

    /// A consultation in the samråd log stays as it was entered.
    #[error(
        "Ett registrerat samråd ändras inte i efterhand. Rätta det genom att spara en rättad \
         version (den tidigare sparas)."
    )]
    SamradFrozen,

    #[error("{0} finns inte (längre). Uppdatera vyn och försök igen.")]
    NotFound(&'static str),

    /// The case has a person with protected personal data and its record has not been opened
    /// explicitly since the app was last unlocked (see `access`).
    #[error(
        "Ärendet har skyddade personuppgifter och akten är inte öppnad. Gå till ärendet och välj \
         ”Öppna akten”; öppningen loggas i ärendets historik."
    )]
    NotOpened,

    #[error(
        "Ett oväntat fel uppstod ({0}). Inget har sparats. Starta om Tryggplan och försök igen."
    )]
    Internal(&'static str),

    /// A typed passphrase longer than the app accepts: refused before it is hashed.
    #[error(
        "Lösenfrasen är för lång. Den får vara högst {max} tecken. Inget har ändrats; skriv \
         lösenfrasen igen."
    )]
    PassphraseTooLong { max: usize },

    /// A key change (passphrase, recovery key) failed half-way and what was there before could
    /// not be put back either: `what` says which secret holds and what to do.
    #[error(
        "Ändringen kunde inte slutföras och inte heller ångras helt: {what}. Det som hänt står \
         i loggen under Inställningar. Kontakta IT-stöd om ingen av dem fungerar."
    )]
    KeyChangeUncertain { what: &'static str },

    /// The case list's rate limit of searches that could find a protected person (issue 18).
    #[error(
        "Du har sökt många gånger på namn eller personnummer på kort tid. För att skyddade \
         personuppgifter inte ska kunna letas fram stoppas sökningen en stund: sök igen om {}. \
         Sök gärna på ärendereferensen under tiden.",
        if *seconds == 1 { "1 sekund".to_owned() } else { format!("{seconds} sekunder") }
    )]
    TooManySearches { seconds: u32 },
}

impl Error {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Locked => ErrorKind::Locked,
            Error::WrongPassphrase => ErrorKind::WrongPassphrase,
            Error::TooManyAttempts { .. } => ErrorKind::TooManyAttempts,
            Error::PassphraseTooShort { .. } => ErrorKind::PassphraseTooShort,
            Error::PassphraseMismatch => ErrorKind::PassphraseMismatch,
            Error::KeyringUnavailable { .. } => ErrorKind::KeyringUnavailable,
            Error::KeyMissing => ErrorKind::KeyMissing,
            Error::DamagedOrWrongKey => ErrorKind::DamagedOrWrongKey,
            Error::AlreadySetUp => ErrorKind::AlreadySetUp,
            Error::RecoveryKeyMistyped => ErrorKind::RecoveryKeyMistyped,
            Error::WrongRecoveryKey => ErrorKind::WrongRecoveryKey,
            Error::RecoveryMissing => ErrorKind::KeyMissing,
            Error::BackupInvalid(_) | Error::RestoreFailed(_) => ErrorKind::BackupRefused,
            Error::BackupWrongSecret => ErrorKind::WrongPassphrase,
            Error::Storage(_) => ErrorKind::Storage,
            Error::Io { .. } => ErrorKind::Storage,
            Error::Document(_) => ErrorKind::Internal,
            Error::Export(_) => ErrorKind::Storage,
            Error::InvalidInput(_) => ErrorKind::InvalidInput,
            Error::Refused(_) => ErrorKind::Refused,
            Error::Frozen
            | Error::ConsentFrozen
            | Error::RecordFrozen
            | Error::DecisionFrozen
            | Error::SamradFrozen => ErrorKind::Frozen,
            Error::NotFound(_) => ErrorKind::NotFound,
            Error::NotOpened => ErrorKind::NotOpened,
            Error::Internal(_) => ErrorKind::Internal,
            Error::PassphraseTooLong { .. } => ErrorKind::InvalidInput,
            Error::KeyChangeUncertain { .. } => ErrorKind::Storage,
            Error::TooManySearches { .. } => ErrorKind::SearchLimited,
        }
    }

    pub fn to_ipc(&self) -> IpcError {
        IpcError {
            kind: self.kind(),
            message: self.to_string(),
            reason: match self {
                Error::Refused(r) => Some(r.kind()),
                _ => None,
            },
        }
    }
}

impl From<Refusal> for Error {
    /// A rule's refusal; the few that stand for malformed input (a blank reason) are
    /// [`Error::InvalidInput`] wherever they are caught.
    fn from(r: Refusal) -> Self {
        if r.is_malformed_input() {
            Error::InvalidInput(r.to_string())
        } else {
            Error::Refused(r)
        }
    }
}

impl From<tryggplan_pdf::Error> for Error {
    /// The engine names the step that failed; the message around it is the core's.
    fn from(e: tryggplan_pdf::Error) -> Self {
        Error::Document(e.to_string())
    }
}

impl From<rusqlite::Error> for Error {
    /// SQLCipher reports an undecryptable page as NOTADB or CORRUPT; both mean "damaged or
    /// not this key" to the user.
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ffi::ErrorCode;
        // Our triggers' refusals (RAISE(ABORT, '<key>')).
        if let rusqlite::Error::SqliteFailure(_, Some(msg)) = &e {
            if msg == "plan_version_frozen" || msg == "case_history_append_only" {
                return Error::Frozen;
            }
            if msg == "consent_frozen" {
                return Error::ConsentFrozen;
            }
            if msg == "risk_frozen" {
                return Error::RecordFrozen;
            }
            if msg == "decision_frozen" {
                return Error::DecisionFrozen;
            }
            if msg == "samrad_frozen" {
                return Error::SamradFrozen;
            }
        }
        match e.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) | Some(ErrorCode::DatabaseCorrupt) => {
                Error::DamagedOrWrongKey
            }
            _ => Error::Storage(e),
        }
    }
}

impl From<&Error> for IpcError {
    fn from(e: &Error) -> Self {
        e.to_ipc()
    }
}
