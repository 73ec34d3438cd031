//! The wording of every refusal, asserted here and only here: every other test asserts the
//! kind.

use chrono::NaiveDate;

use super::{Refusal, RefusalKind};
use crate::{Error, ErrorKind};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Every variant with sample data, and its exact Swedish message.
fn table() -> Vec<(Refusal, &'static str)> {
    use Refusal::*;
    let inner = || Box::new(NotCustodialGuardian);
    vec![
        (
            SipClosed,
            "SIP:en är avslutad och kan inte ändras. Starta en ny SIP om personen behöver en igen.",
        ),
        (
            StepInFuture {
                on: d("2026-12-08"),
                today: d("2026-12-07"),
            },
            "Datumet 2026-12-08 ligger i framtiden. Ett steg registreras när det har skett – ange \
             dagens datum (2026-12-07) eller ett tidigare.",
        ),
        (
            StepBeforePrevious {
                on: d("2026-11-01"),
                previous: d("2026-11-05"),
            },
            "Datumet 2026-11-01 är före föregående steg (2026-11-05). Ange ett datum från och med \
             2026-11-05.",
        ),
        (
            ClosingReasonBlank,
            "Skriv varför SIP:en avslutas (till exempel ”målen uppnådda” eller ”personen \
             återkallade sitt samtycke”).",
        ),
        (
            AlreadyInStep { step: "Kallad" },
            "SIP:en är redan i steget ”Kallad”.",
        ),
        (
            StepBackwards {
                from: "Kallad",
                to: "Förberedelse",
            },
            "En SIP går inte tillbaka från ”Kallad” till ”Förberedelse”. Ska planen ändras, spara \
             en ny version av planen; ska mötet flyttas, ändra mötet.",
        ),
        (
            StepOutOfOrder {
                to: "Kallad",
                next: "Förberedelse",
            },
            "Steget ”Kallad” kommer efter ”Förberedelse”. Gå vidare till ”Förberedelse” först.",
        ),
        (
            MeetingNotBooked,
            "Boka SIP-mötet (datum, tid och plats eller digitalt) innan SIP:en markeras som kallad.",
        ),
        (
            NoMeeting,
            "Det finns inget SIP-möte. Boka och håll mötet först.",
        ),
        (
            MeetingNotYetHeld {
                first: d("2026-12-10"),
            },
            "SIP-mötet har inte hållits ännu: det första mötet är 2026-12-10. Registrera planen när \
             mötet har hållits.",
        ),
        (
            NoMeetingHeld,
            "Inget SIP-möte är markerat som hållet. Markera mötet som hållet under fliken Möten \
             först.",
        ),
        (
            PlanNotWritten,
            "Skriv planen (behov, mål och insatser) och spara den innan SIP:en markeras som ”Plan \
             upprättad”.",
        ),
        (
            PlanNotFrozen,
            "Planen är inte fastställd. Fastställ planen (eller skriv ut den för underskrift) innan \
             den följs upp.",
        ),
        (
            FollowUpOnItsTab,
            "Uppföljning registreras under fliken Uppföljning, med ett svar för varje insats.",
        ),
        (
            ContactInactive,
            "Kontaktpersonen är markerad som inaktiv i samverkanskontakterna. Välj en annan \
             kontaktperson eller bara enheten.",
        ),
        (
            ContactInactiveNamed {
                name: "Eva Ek".into(),
            },
            "Eva Ek är markerad som inaktiv i samverkanskontakterna och kan inte godkännas. Välj \
             hela enheten eller en annan kontaktperson.",
        ),
        (
            ParticipantWasAtHeldMeeting,
            "Deltagaren var med på ett hållet SIP-möte och kan inte tas bort, så att det framgår \
             vilka som deltog. Bjud inte in deltagaren till kommande möten.",
        ),
        (
            UnitResponsibleInPlan,
            "Planen som skrivs nämner enheten som ansvarig. Ta först bort enheten ur planen och \
             spara den, och ta sedan bort deltagaren.",
        ),
        (
            HeldMeetingLocked {
                on: d("2026-11-20"),
            },
            "Mötet 2026-11-20 är registrerat som hållet och planen är upprättad efter det, så \
             datumet och att mötet hölls kan inte ändras. Boka ett nytt möte i stället.",
        ),
        (
            UnitNotParticipant,
            "En enhet i planen är inte deltagare i SIP:en. Lägg till enheten under fliken \
             Deltagare först, eller välj en annan.",
        ),
        (
            SipClosedForInvite,
            "SIP:en är avslutad. Öppna en ny SIP för att bjuda in någon.",
        ),
        (
            InviteReasonMissing {
                warning: "Pappan har kontaktförbud.".into(),
                what: "beslutet och skälet till att personen ändå bjuds in",
            },
            "Pappan har kontaktförbud. Skriv beslutet och skälet till att personen ändå bjuds in. \
             Det sparas i ärendets historik.",
        ),
        (
            InviteReasonTooLong {
                warning: String::new(),
                max: 4000,
            },
            "Skälet är för långt (högst 4000 tecken). Korta ner det.",
        ),
        (
            SafetyChecklistIncomplete {
                missing: vec!["flygläge".into(), "tid och plats muntligt".into()],
            },
            "Mötet kan inte markeras som hållet förrän säkerhetspunkterna för skyddade \
             personuppgifter är genomgångna. Kvar: flygläge; tid och plats muntligt.",
        ),
        (
            InvitedPersonNotCovered {
                name: "Anna Berg".into(),
                why: inner(),
            },
            "Anna Berg: Personen är inte registrerad som vårdnadshavare med vårdnad om barnet. Ta \
             bort personen under Deltagare, eller ändra samtycket.",
        ),
        (
            NoValidConsent {
                on: d("2026-12-07"),
                why: Box::new(Refusal::other("Samtycket har gått ut.")),
            },
            "Det finns inget giltigt samtycke för SIP:en den 2026-12-07. Samtycket har gått ut.",
        ),
        (
            ParticipantNotCovered {
                name: "BUP Norr".into(),
                why: inner(),
            },
            "BUP Norr: Personen är inte registrerad som vårdnadshavare med vårdnad om barnet.",
        ),
        (
            ConsentAlreadyWithdrawn {
                on: d("2026-10-01"),
            },
            "Samtycket återkallades redan 2026-10-01.",
        ),
        (
            ConsentExpiredBeforeWithdrawal {
                valid_to: d("2026-06-30"),
                after: "Inga uppgifter lämnas under det.".into(),
            },
            "Samtycket gick ut 2026-06-30 och behöver inte återkallas. Inga uppgifter lämnas under \
             det.",
        ),
        (
            WithdrawSuperseded,
            "Samtycket är ersatt av ett nyare samtycke från samma person och gäller inte längre. \
             Återkalla det samtycke som gäller i stället.",
        ),
        (
            WithdrawNotYetValid,
            "Samtycket gäller inte ännu och kan återkallas först från sin första dag. Vill \
             personen inte att det ska börja gälla, registrera ett nytt samtycke som ersätter det.",
        ),
        (
            WithdrawExpired,
            "Samtycket har gått ut och behöver inte återkallas.",
        ),
        (WithdrawWithdrawn, "Samtycket är redan återkallat."),
        (WithdrawMissing, "Det finns inget samtycke att återkalla."),
        (
            ConsentOfClosedSip,
            "SIP:en är avslutad. Samtycket visas men kan inte ändras.",
        ),
        (
            ActorAlreadyTold {
                on: d("2026-10-02"),
            },
            "Aktören är redan markerad som meddelad 2026-10-02.",
        ),
        (
            ChildViewsOnlyForChild,
            "Barnets synpunkter och mognadsbedömning gäller bara en SIP för ett barn.",
        ),
        (
            GuardianExceptionOnlyForChild,
            "Undantag för vårdnadshavare gäller bara en SIP för ett barn.",
        ),
        (
            NotCustodialGuardian,
            "Personen är inte registrerad som vårdnadshavare med vårdnad om barnet.",
        ),
        (
            GuardianExceptionExists,
            "Ett undantag är redan registrerat för den vårdnadshavaren i den här SIP:en.",
        ),
        (
            ConsentMissingFrom { who: "personen" },
            "Samtycke saknas från personen.",
        ),
        (
            ConsentWithdrawnBy {
                who: "en vårdnadshavare",
                on: d("2026-10-01"),
            },
            "En vårdnadshavare återkallade samtycket 2026-10-01. Inget nytt får lämnas ut efter \
             det.",
        ),
        (
            ConsentExpiredFrom {
                who: "personen",
                on: d("2026-06-30"),
            },
            "Samtycket från personen gick ut 2026-06-30. Ta ett nytt samtycke tillsammans med \
             personen.",
        ),
        (
            ConsentNotYetFrom {
                who: "personen",
                from: d("2026-12-10"),
            },
            "Samtycket från personen gäller först från 2026-12-10.",
        ),
        (
            NoCustodialGuardian,
            "Ingen vårdnadshavare med vårdnad är registrerad för barnet. Registrera \
             vårdnadshavarna under Personer och relationer.",
        ),
        (
            AllGuardiansExempt,
            "Alla vårdnadshavare är undantagna. Minst en vårdnadshavares samtycke, eller barnets \
             eget från 12 år för öppna insatser, behövs.",
        ),
        (
            GuardiansMustConsent {
                both: true,
                missing: vec![
                    ConsentMissingFrom {
                        who: "en vårdnadshavare",
                    },
                    ConsentExpiredFrom {
                        who: "en vårdnadshavare",
                        on: d("2026-06-30"),
                    },
                ],
            },
            "Båda vårdnadshavarna med vårdnad måste samtycka till barnets SIP. Samtycke saknas från \
             en vårdnadshavare. Samtycket från en vårdnadshavare gick ut 2026-06-30. Ta ett nytt \
             samtycke tillsammans med personen.",
        ),
        (
            GuardiansMustConsent {
                both: false,
                missing: vec![ConsentMissingFrom {
                    who: "en vårdnadshavare",
                }],
            },
            "Vårdnadshavaren måste samtycka till barnets SIP. Samtycke saknas från en \
             vårdnadshavare.",
        ),
        (
            ConsentEndsBeforeStart {
                from: d("2026-09-01"),
                to: d("2026-08-01"),
            },
            "Samtycket slutar (2026-08-01) före det börjar (2026-09-01). Rätta datumen.",
        ),
        (
            ConsentLongerThanAYear {
                from: d("2026-09-01"),
                max: d("2027-08-31"),
            },
            "Ett samtycke gäller högst ett år. Från 2026-09-01 kan det gälla till och med \
             2027-08-31. Ett nytt samtycke tas när det gått ut.",
        ),
        (
            ConsentInFuture {
                from: d("2026-12-24"),
            },
            "Samtycket kan inte registreras innan det har lämnats (2026-12-24 ligger i framtiden).",
        ),
        (
            ConsentWithoutActors,
            "Ett samtycke kan aldrig vara generellt: ange vilka aktörer (enheter eller personer) \
             som får delta.",
        ),
        (
            ConsentWithoutCategories,
            "Ett samtycke kan aldrig vara generellt: ange vilka uppgifter som får lämnas.",
        ),
        (
            OtherCategoryBlank,
            "Beskriv vad ”Annat” gäller, eller ta bort det valet.",
        ),
        (
            CategoryAcceptedAndExcluded { category: "Hälsa" },
            "”Hälsa” är både godkänt och undantaget. Välj ett av dem.",
        ),
        (
            ActorAcceptedAndExcluded,
            "En aktör är både godkänd och undantagen. Välj ett av dem.",
        ),
        (
            PersonAcceptedAndExcluded,
            "En person i ärendet är både godkänd och undantagen. Välj ett av dem.",
        ),
        (
            DocumentationDateOutOfRange,
            "Dokumentationen ska vara daterad den dag samtycket lämnades eller senare, och inte i \
             framtiden.",
        ),
        (
            ConsentUndocumented {
                form: "muntligt".into(),
            },
            "Ett samtycke som lämnats muntligt ska dokumenteras: datum, hur det uttrycktes och vem \
             som tog emot det.",
        ),
        (
            GuardiansGiveChildConsent,
            "För ett barn lämnar vårdnadshavarna samtycket (en post per vårdnadshavare), eller \
             barnet självt från 12 år för öppna insatser.",
        ),
        (
            GiverNotCustodialGuardian,
            "Personen är inte registrerad som vårdnadshavare med vårdnad om barnet. Registrera \
             relationen under Personer och relationer först.",
        ),
        (
            AdultGivesOwnConsent,
            "Personen är vuxen och lämnar själv sitt samtycke.",
        ),
        (
            ChildTooYoungForOwnConsent {
                min_age: 12,
                age: Some(10),
            },
            "Ett barn kan själv samtycka till öppna insatser från 12 års ålder. Barnets ålder är 10 \
             år.",
        ),
        (
            ActorCategoriesNotAccepted,
            "En aktör har egna uppgifter i samtycket men är inte godkänd. Godkänn aktören först, \
             eller välj ”Samma för alla” för den.",
        ),
        (
            ActorCategoriesTwice,
            "En aktör har två rader med egna uppgifter. Välj aktörens uppgifter igen.",
        ),
        (
            ActorCategoriesEmpty,
            "En aktör med egna uppgifter måste få minst en av dem. Välj minst en, eller ta bort \
             aktören ur samtycket.",
        ),
        (
            ActorCategoryNotInConsent { category: "Hälsa" },
            "”Hälsa” är valt för en enskild aktör men inte godkänt i samtycket. Godkänn det för \
             samtycket, eller ta bort det för aktören.",
        ),
        (
            WithdrawalDateOutOfRange {
                from: d("2026-09-01"),
            },
            "Återkallelsen ska vara daterad från samtyckets första dag (2026-09-01) till i dag.",
        ),
        (
            WithdrawalHowBlank,
            "Skriv hur personen återkallade samtycket (till exempel muntligt vid besök).",
        ),
        (
            WithdrawalReceiverBlank,
            "Skriv vem som tog emot återkallelsen.",
        ),
        (
            ChangeOnlyConsentInForce,
            "Bara det samtycke som gäller i dag kan ändras. Registrera ett nytt samtycke i stället.",
        ),
        (
            ChangeBySameGiver,
            "En ändring lämnas av samma person som lämnade samtycket. Registrera ett nytt samtycke \
             för den andra personen i stället.",
        ),
        (
            ChangeBeforeConsent {
                from: d("2026-09-01"),
            },
            "Ändringen kan inte börja gälla före samtycket den ändrar (2026-09-01). Rätta datumet.",
        ),
        (
            OwnUnitLeftOutWithoutReason {
                name: "Socialtjänsten Norr".into(),
            },
            "Din egen enhet, Socialtjänsten Norr, är med i varje nytt samtycke. Vill personen inte \
             att den deltar, skriv varför under ”Skäl att ta bort din egen enhet”; skälet skrivs i \
             ärendets historik. Annars: markera enheten ”Får delta”.",
        ),
        (
            ChildOwnConsentSocialServicesOnly,
            "Barnets eget samtycke gäller bara öppna insatser från socialtjänsten. Andra aktörer \
             kräver vårdnadshavarnas samtycke.",
        ),
        (
            ActorExcluded {
                from: d("2026-09-01"),
            },
            "Aktören är undantagen i samtycket från 2026-09-01. Ändra samtycket tillsammans med \
             personen om det ska ändras.",
        ),
        (
            PersonAtUnitExcluded {
                from: d("2026-09-01"),
            },
            "En person på enheten är undantagen i samtycket från 2026-09-01. Välj en namngiven \
             kontaktperson som samtycket omfattar i stället för hela enheten.",
        ),
        (
            ActorNotInConsent {
                from: d("2026-09-01"),
            },
            "Aktören finns inte med i samtycket från 2026-09-01. Bara de aktörer som personen har \
             samtyckt till får bjudas in.",
        ),
        (
            CategoryNotForRecipient {
                category: "Hälsa",
                from: d("2026-09-01"),
            },
            "”Hälsa” ingår inte i samtycket för den här mottagaren: i samtycket från 2026-09-01 \
             har personen valt vilka uppgifter aktören får, och det här är inte ett av dem.",
        ),
        (
            CategoryExcluded {
                category: "Hälsa",
                from: d("2026-09-01"),
            },
            "”Hälsa” är undantaget i samtycket från 2026-09-01: personen vill inte att det lämnas \
             ut.",
        ),
        (
            CategoryNotInConsent {
                category: "Hälsa",
                from: d("2026-09-01"),
            },
            "”Hälsa” ingår inte i samtycket från 2026-09-01. Bara de uppgifter som samtycket \
             nämner får lämnas ut.",
        ),
        (
            GuardianNotInvited {
                reason: "Barnets vilja".into(),
            },
            "Vårdnadshavaren bjuds inte in enligt det registrerade undantaget (skäl: ”Barnets \
             vilja”). Vårdnadshavaren kan inte delta och får ingen kallelse, plan eller \
             samtyckesblankett om mötet. Rätten till information om vilka insatser som planeras \
             ges på annat sätt, utan tid och plats.",
        ),
        (
            BoardDecidedWithoutGuardian {
                decision: "SN 2026-14".into(),
            },
            "Nämnden har beslutat om insatserna utan den här vårdnadshavarens samtycke (beslut: \
             ”SN 2026-14”). Vårdnadshavaren kan inte delta och får ingen kallelse, plan eller \
             samtyckesblankett om mötet.",
        ),
        (
            PersonWithoutConsent {
                why: Box::new(Refusal::other("Samtycke saknas från personen.")),
            },
            "En närstående eller annan person i ärendet bjuds in bara när personens giltiga \
             samtycke nämner dem. Samtycke saknas från personen.",
        ),
        (
            ChildOwnConsentOtherPersons,
            "Barnets eget samtycke gäller bara öppna insatser från socialtjänsten. Andra personer i \
             ärendet kräver vårdnadshavarnas samtycke.",
        ),
        (
            PersonExcluded {
                from: d("2026-09-01"),
            },
            "Personen är undantagen i samtycket från 2026-09-01: hen ska inte delta. Ändra \
             samtycket tillsammans med personen om det ska ändras.",
        ),
        (
            PersonNotInConsent {
                from: d("2026-09-01"),
            },
            "Personen finns inte med i samtycket från 2026-09-01. En närstående eller annan person \
             i ärendet deltar bara om personen vill det: lägg till hen i ett nytt samtycke först.",
        ),
        (
            GuardedPersonNeedsDecision,
            "Personen är registrerad som uppgiven våldsutövare i ärendet, eller vistelseorten är \
             skyddad mot hen. Hen bjuds in bara med personens samtycke och ett registrerat beslut \
             med skäl.",
        ),
        (
            PersonNotInCase,
            "Personen hör inte till det här ärendet. Välj en av ärendets personer.",
        ),
        (
            PersonNotChildOfCase,
            "Personen hör inte till det här ärendet. Välj ett av ärendets barn.",
        ),
        (
            NotAChild { law: "SoL" },
            "Personen är inte under 18 år. Anmälningsplikten enligt SoL gäller barn under 18 år. \
             Välj ett av ärendets barn.",
        ),
        (
            VersionAlreadyCorrected,
            "Den här versionen har redan rättats. Uppdatera vyn och rätta den senaste versionen.",
        ),
        (
            ProtectedContactNotStored,
            "Adress och telefonnummer sparas inte för personer med skyddade personuppgifter: \
             uppgifterna får inte finnas i Tryggplan, så att de aldrig kan hamna i en kallelse \
             eller ett dokument. Töm fälten och skriv i stället hur personen vill bli kontaktad.",
        ),
        (
            GuardianOnlyForChild { age: 19 },
            "Personen är 19 år. Vårdnadshavare finns bara för barn under 18 år.",
        ),
        (
            GuardianIsMinor,
            "Den som anges som vårdnadshavare är under 18 år och kan inte ha vårdnaden. Ange den \
             särskilt förordnade vårdnadshavaren i stället.",
        ),
        (
            TwoCustodiansAlready,
            "Barnet har redan två vårdnadshavare med vårdnad. Ta bort en av dem först om uppgiften \
             är fel.",
        ),
        (
            RelationExists,
            "Relationen finns redan. Ta bort den först om den ska ändras.",
        ),
        (
            NoAnonymisedBasis,
            "Ärendet togs upp med samtycke på det här samrådet. Det finns inget avidentifierat \
             underlag att skriva ut.",
        ),
        (
            SamradNotYetHeld {
                on: d("2026-12-09"),
            },
            "Samrådet den 2026-12-09 har inte hållits ännu. Registrera det när det har hållits; \
             underlaget kan du förhandsgranska och exportera före mötet.",
        ),
        (
            OrganisationAlreadyTold {
                on: d("2026-10-02"),
            },
            "Organisationen är redan markerad som meddelad 2026-10-02.",
        ),
        (
            ContactCannotMove,
            "En kontaktperson kan inte flyttas till en annan enhet. Markera personen som inaktiv \
             här och lägg till henne eller honom vid den nya enheten.",
        ),
        (
            DeviationAlreadyInStatus {
                status: "åtgärdad".into(),
            },
            "Avvikelsen har redan status åtgärdad.",
        ),
        (
            CaseNotDueForRemoval,
            "Ärendet kan inte gallras: det har en öppen SIP eller gallringsfristen har inte gått \
             ut. Inget har tagits bort.",
        ),
        (
            RemovalNotConfirmed,
            "Bekräftelsen stämmer inte: skriv ärendets referens exakt som den står för att gallra \
             det. Inget har tagits bort.",
        ),
        (
            Refusal::other("Välj en annan mottagare."),
            "Välj en annan mottagare.",
        ),
    ]
}

#[test]
fn every_refusal_has_its_exact_swedish_message() {
    let rows = table();
    let mut failures = Vec::new();
    for (r, want) in &rows {
        let got = r.to_string();
        if got != *want {
            failures.push(format!("{:?}:\n  got  {got}\n  want {want}", r.kind()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The table lists every variant, so a new one can't go without its wording.
    let listed: Vec<RefusalKind> = rows.iter().map(|(r, _)| r.kind()).collect();
    for k in RefusalKind::ALL {
        assert!(listed.contains(k), "{k:?} is missing from the table");
    }
}

/// Variants whose message (as it was before they were typed) says what happened only: what to
/// do follows from it ("already withdrawn" means nothing is left to do).
const STATES_ONLY: &[RefusalKind] = &[
    RefusalKind::AlreadyInStep,
    RefusalKind::FollowUpOnItsTab,
    RefusalKind::ConsentAlreadyWithdrawn,
    RefusalKind::ConsentExpiredBeforeWithdrawal,
    RefusalKind::ChildOwnConsentSocialServicesOnly,
    RefusalKind::ChildOwnConsentOtherPersons,
    RefusalKind::ConsentOfClosedSip,
    RefusalKind::ActorAlreadyTold,
    RefusalKind::OrganisationAlreadyTold,
    RefusalKind::WithdrawExpired,
    RefusalKind::WithdrawWithdrawn,
    RefusalKind::WithdrawMissing,
    RefusalKind::ConsentMissingFrom,
    RefusalKind::ConsentWithdrawnBy,
    RefusalKind::ConsentNotYetFrom,
    RefusalKind::AllGuardiansExempt,
    RefusalKind::GuardiansMustConsent,
    RefusalKind::ConsentInFuture,
    RefusalKind::DocumentationDateOutOfRange,
    RefusalKind::ConsentUndocumented,
    RefusalKind::GuardiansGiveChildConsent,
    RefusalKind::AdultGivesOwnConsent,
    RefusalKind::ChildTooYoungForOwnConsent,
    RefusalKind::GuardianOnlyForChild,
    RefusalKind::NoAnonymisedBasis,
    RefusalKind::ChildViewsOnlyForChild,
    RefusalKind::GuardianExceptionOnlyForChild,
    RefusalKind::NotCustodialGuardian,
    RefusalKind::GuardianExceptionExists,
    RefusalKind::ParticipantNotCovered,
    RefusalKind::NoValidConsent,
    RefusalKind::SafetyChecklistIncomplete,
    RefusalKind::DeviationAlreadyInStatus,
    RefusalKind::CaseNotDueForRemoval,
    RefusalKind::CategoryExcluded,
    RefusalKind::CategoryNotInConsent,
    RefusalKind::CategoryNotForRecipient,
    RefusalKind::PersonWithoutConsent,
    RefusalKind::GuardedPersonNeedsDecision,
    RefusalKind::BoardDecidedWithoutGuardian,
    RefusalKind::WithdrawalDateOutOfRange,
    RefusalKind::ActorNotInConsent,
];

/// Words a message uses to say what to do next.
const NEXT_STEP: &[&str] = &[
    "Starta",
    "ange",
    "Ange",
    "Skriv",
    "spara",
    "Gå vidare",
    "Boka",
    "Registrera",
    "Markera",
    "Fastställ",
    "Välj",
    "Bjud",
    "Ta först bort",
    "Lägg till",
    "Öppna",
    "Korta ner",
    "Ta bort",
    "Uppdatera",
    "skriv",
    "Rätta",
    "Ändra",
    "lägg till",
    "ges på annat sätt",
    "Töm",
    "Beskriv",
    "ange",
    "Godkänn",
    "Ett nytt samtycke tas",
    "Ta ett nytt",
    "Återkalla",
    "registrera",
];

#[test]
fn every_message_is_a_swedish_sentence_that_says_what_to_do() {
    for (r, _) in table() {
        let m = r.to_string();
        let k = r.kind();
        assert!(!m.trim().is_empty(), "{k:?}: empty");
        assert!(m.ends_with('.'), "{k:?}: not a full sentence: {m}");
        assert!(
            !m.contains("  ") && !m.contains(" ."),
            "{k:?}: stray spaces: {m}"
        );
        assert!(
            m.trim_start_matches('”')
                .chars()
                .next()
                .is_some_and(char::is_uppercase),
            "{k:?}: starts in lower case: {m}"
        );
        if !STATES_ONLY.contains(&k) && k != RefusalKind::Other {
            assert!(
                NEXT_STEP.iter().any(|w| m.contains(w)),
                "{k:?}: says nothing of what to do next: {m}"
            );
        }
    }
}

#[test]
fn a_refusal_crosses_the_boundary_with_its_kind_and_a_blank_reason_is_malformed_input() {
    let e: Error = Refusal::NoMeeting.into();
    let ipc = e.to_ipc();
    assert_eq!(ipc.kind, ErrorKind::Refused);
    assert_eq!(ipc.reason, Some(RefusalKind::NoMeeting));
    assert_eq!(ipc.message, Refusal::NoMeeting.to_string());
    let json = serde_json::to_value(&ipc).unwrap();
    assert_eq!(json["reason"], "noMeeting");

    for blank in [
        Refusal::ClosingReasonBlank,
        Refusal::InviteReasonMissing {
            warning: String::new(),
            what: "skälet",
        },
    ] {
        let e: Error = blank.clone().into();
        assert!(matches!(e, Error::InvalidInput(_)), "{e:?}");
        assert_eq!(e.to_ipc().reason, None);
        assert_eq!(e.to_string(), blank.to_string());
    }
    // Every other kind has no reason, and the field is left out of the JSON.
    let json = serde_json::to_value(Error::Locked.to_ipc()).unwrap();
    assert!(json.get("reason").is_none(), "{json}");
}
