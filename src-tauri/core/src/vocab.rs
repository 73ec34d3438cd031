//! The fixed vocabularies of the domain (protection levels, roles, forms of violence, actor
//! types, …): one Rust enum each, stored in the database by a stable key, shown in the UI by
//! its Swedish label. The UI never spells a label itself; it asks for [`Vocabulary`].

use serde::Serialize;
use ts_rs::TS;

/// One entry of a vocabulary, for the UI: the stable key and the Swedish label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Term {
    pub key: String,
    pub label: String,
    /// A grouping heading (actor types: "Socialtjänst", "Hälso- och sjukvård", …).
    pub group: Option<String>,
}

/// Declares a vocabulary: the enum, its database/serde key and its Swedish label.
macro_rules! vocabulary {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $key:literal => $label:literal $(in $group:literal)?),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize, ts_rs::TS)]
        #[ts(export)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $key)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable key (database and IPC).
            pub fn key(self) -> &'static str {
                match self { $($name::$variant => $key),+ }
            }

            /// The Swedish label.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            #[allow(unused_mut, unused_assignments)]
            fn group(self) -> Option<&'static str> {
                match self { $($name::$variant => { let mut g: Option<&'static str> = None; $(g = Some($group);)? g }),+ }
            }

            pub fn from_key(key: &str) -> Option<Self> {
                match key { $($key => Some($name::$variant),)+ _ => None }
            }

            pub fn terms() -> Vec<$crate::vocab::Term> {
                Self::ALL
                    .iter()
                    .map(|v| $crate::vocab::Term { key: v.key().into(), label: v.label().into(), group: v.group().map(Into::into) })
                    .collect()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }

        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(self.key().into())
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                let s = v.as_str()?;
                $name::from_key(s).ok_or_else(|| rusqlite::types::FromSqlError::Other(
                    format!("okänd nyckel {s:?} i {}", stringify!($name)).into(),
                ))
            }
        }
    };
}
pub(crate) use vocabulary;

vocabulary! {
    /// Skyddade personuppgifter. Any level other than `Ingen` makes the person *protected*.
    pub enum ProtectionLevel {
        Ingen = "ingen" => "Inga skyddade personuppgifter",
        Sekretessmarkering = "sekretessmarkering" => "Sekretessmarkering",
        SkyddadFolkbokforing = "skyddad_folkbokforing" => "Skyddad folkbokföring",
        FingeradePersonuppgifter = "fingerade_personuppgifter" => "Fingerade personuppgifter",
    }
}

impl ProtectionLevel {
    pub fn is_protected(self) -> bool {
        self != ProtectionLevel::Ingen
    }
}

vocabulary! {
    /// Legal sex (juridiskt kön), for sex-disaggregated statistics [003 Del 5].
    pub enum LegalSex {
        Kvinna = "kvinna" => "Kvinna",
        Man = "man" => "Man",
        Okant = "okant" => "Okänt",
    }
}

vocabulary! {
    /// Target groups (målgrupp) [000, 001, 003]: a person may have several roles in a case.
    pub enum Role {
        Valdsutsatt = "valdsutsatt" => "Våldsutsatt",
        BarnSomBevittnatVald = "barn_som_bevittnat_vald" => "Barn som bevittnat våld",
        Valdsutovare = "valdsutovare" => "Våldsutövare",
    }
}

vocabulary! {
    /// "Forms of violence to record (one person may have several)" [001 footnote, 003 Del 2].
    pub enum ViolenceForm {
        Fysiskt = "fysiskt" => "Fysiskt våld",
        Psykiskt = "psykiskt" => "Psykiskt våld",
        Sexuellt = "sexuellt" => "Sexuellt våld",
        Latent = "latent" => "Latent våld",
        Ekonomiskt = "ekonomiskt" => "Ekonomiskt våld",
        Materiellt = "materiellt" => "Materiellt våld",
        Forsummelse = "forsummelse" => "Försummelse",
        Eftervald = "eftervald" => "Eftervåld",
        Digitalt = "digitalt" => "Digitalt våld",
        Hedersrelaterat = "hedersrelaterat" => "Hedersrelaterat våld och förtryck (inkl. barnäktenskap, tvångsäktenskap, könsstympning)",
        ProstitutionManniskohandel = "prostitution_manniskohandel" => "Prostitution och människohandel för sexuella ändamål",
        SamkonadeHbtqi = "samkonade_hbtqi" => "Våld i samkönade relationer / hbtqi-relationer",
        KvinnorsValdMotMan = "kvinnors_vald_mot_man" => "Kvinnors våld mot män",
    }
}

vocabulary! {
    /// Why a person has no personnummer or samordningsnummer.
    pub enum NoNumberReason {
        Reservnummer = "reservnummer" => "Reservnummer (används i vården)",
        Okant = "okant" => "Numret är inte känt",
        SaknarNummer = "saknar_nummer" => "Personen har inget svenskt nummer",
        Annat = "annat" => "Annat skäl",
    }
}

vocabulary! {
    /// Relations between persons in a case, read "A is <kind> B".
    pub enum RelationKind {
        Vardnadshavare = "vardnadshavare" => "är vårdnadshavare för",
        Foralder = "foralder" => "är förälder till",
        Narstaende = "narstaende" => "är närstående till",
        /// Used by the protection rules: the person's whereabouts are never given to A.
        UtovareMot = "utovare_mot" => "är uppgiven våldsutövare mot",
        /// "… or the person's whereabouts are protected from them" (issue 6): e.g. relatives in
        /// honour-related violence. The protection rules treat A exactly like an alleged
        /// perpetrator.
        VistelseortSkyddadMot = "vistelseort_skyddad_mot" => "får inte veta vistelseorten för",
    }
}

vocabulary! {
    /// Huvudman (principal) of an organisation in the actor directory.
    pub enum Principal {
        Kommun = "kommun" => "Kommun",
        Region = "region" => "Region",
        Stat = "stat" => "Stat",
        Ideell = "ideell" => "Ideell organisation",
        Annan = "annan" => "Annan",
    }
}

vocabulary! {
    /// Actor types, from "Possible cooperation contacts" [003 "Möjliga samverkanskontakter"].
    /// Shipped with the app; the user adds the concrete units of her area.
    pub enum ActorType {
        SocVald = "soc_vald" => "Socialtjänst – våld i nära relationer" in "Socialtjänst",
        SocBarnUnga = "soc_barn_unga" => "Socialtjänst – barn och unga" in "Socialtjänst",
        SocFamiljeratt = "soc_familjeratt" => "Socialtjänst – familjerätt" in "Socialtjänst",
        SocBeroende = "soc_beroende" => "Socialtjänst – skadligt bruk och beroende" in "Socialtjänst",
        SocLss = "soc_lss" => "Socialtjänst – funktionshinder/LSS" in "Socialtjänst",
        SocSocialpsykiatri = "soc_socialpsykiatri" => "Socialtjänst – socialpsykiatri" in "Socialtjänst",
        SocAldreomsorg = "soc_aldreomsorg" => "Socialtjänst – äldreomsorg" in "Socialtjänst",
        SocBudgetSkuld = "soc_budget_skuld" => "Socialtjänst – budget- och skuldrådgivning" in "Socialtjänst",
        SocEkonomisktBistand = "soc_ekonomiskt_bistand" => "Socialtjänst – ekonomiskt bistånd" in "Socialtjänst",
        Vardcentral = "vardcentral" => "Vårdcentral" in "Hälso- och sjukvård",
        Modrahalsovard = "modrahalsovard" => "Mödrahälsovård" in "Hälso- och sjukvård",
        Barnhalsovard = "barnhalsovard" => "Barnhälsovård" in "Hälso- och sjukvård",
        Bup = "bup" => "Barn- och ungdomspsykiatri (BUP)" in "Hälso- och sjukvård",
        Psykiatri = "psykiatri" => "Psykiatri" in "Hälso- och sjukvård",
        Tandvard = "tandvard" => "Tandvård" in "Hälso- och sjukvård",
        OvrigVard = "ovrig_vard" => "Övrig vårdkontakt" in "Hälso- och sjukvård",
        Polis = "polis" => "Polismyndigheten" in "Rättsväsende",
        Aklagare = "aklagare" => "Åklagare" in "Rättsväsende",
        Brottsoffermyndigheten = "brottsoffermyndigheten" => "Brottsoffermyndigheten" in "Rättsväsende",
        Kriminalvarden = "kriminalvarden" => "Kriminalvården" in "Rättsväsende",
        Skola = "skola" => "Skola/Elevhälsa" in "Andra myndigheter och aktörer",
        Forsakringskassan = "forsakringskassan" => "Försäkringskassan" in "Andra myndigheter och aktörer",
        Arbetsformedlingen = "arbetsformedlingen" => "Arbetsförmedlingen" in "Andra myndigheter och aktörer",
        Skatteverket = "skatteverket" => "Skatteverket" in "Andra myndigheter och aktörer",
        Migrationsverket = "migrationsverket" => "Migrationsverket" in "Andra myndigheter och aktörer",
        Hyresvard = "hyresvard" => "Bostadsmarknad/hyresvärd" in "Andra myndigheter och aktörer",
        Kvinnojour = "kvinnojour" => "Kvinnojour/Tjejjour" in "Ideella och regionala resurser",
        Barnahus = "barnahus" => "Barnahus" in "Ideella och regionala resurser",
        Regionkoordinator = "regionkoordinator" => "Regionkoordinator (prostitution och människohandel)" in "Ideella och regionala resurser",
        Frivilligorganisation = "frivilligorganisation" => "Frivilligorganisation" in "Ideella och regionala resurser",
    }
}

impl ActorType {
    /// Social services or health care: a SIP needs interventions from both
    /// ("A SIP is set up when a person needs interventions from **both** social services and
    /// health care" [003 Del 4]).
    pub fn is_social_services(self) -> bool {
        self.group() == Some("Socialtjänst")
    }
    pub fn is_health_care(self) -> bool {
        self.group() == Some("Hälso- och sjukvård")
    }

    /// The huvudman a new unit of this type has unless the worker chooses another (issue 19: a
    /// police unit defaulted to "Kommun"). The social services and the school are municipal,
    /// health and dental care regional, the police, the prosecutors, the agencies and the prison
    /// service state; a kvinnojour or a voluntary organisation is non-profit. A landlord, a
    /// Barnahus (police, prosecutor, social services and region together) and the regional
    /// coordinators have no one typical principal: "Annan", to be chosen.
    pub fn default_principal(self) -> Principal {
        use ActorType::*;
        match self {
            SocVald | SocBarnUnga | SocFamiljeratt | SocBeroende | SocLss | SocSocialpsykiatri
            | SocAldreomsorg | SocBudgetSkuld | SocEkonomisktBistand | Skola => Principal::Kommun,
            Vardcentral | Modrahalsovard | Barnhalsovard | Bup | Psykiatri | Tandvard
            | OvrigVard => Principal::Region,
            Polis
            | Aklagare
            | Brottsoffermyndigheten
            | Kriminalvarden
            | Forsakringskassan
            | Arbetsformedlingen
            | Skatteverket
            | Migrationsverket => Principal::Stat,
            Kvinnojour | Frivilligorganisation => Principal::Ideell,
            Hyresvard | Barnahus | Regionkoordinator => Principal::Annan,
        }
    }
}

/// An actor type's default huvudman ([`ActorType::default_principal`]), for the unit form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ActorTypePrincipal {
    pub actor_type: ActorType,
    pub principal: Principal,
}

vocabulary! {
    /// Whether the person or a närstående asked for the SIP ("The person or a close person may
    /// also ask for one" [003 Del 4]).
    pub enum RequestedBy {
        Ingen = "ingen" => "Ingen begäran – behovet upptäcktes av en verksamhet",
        Personen = "personen" => "Personen själv bad om SIP",
        Narstaende = "narstaende" => "En närstående bad om SIP",
    }
}

vocabulary! {
    /// Status of an intervention in the plan.
    pub enum InterventionStatus {
        Planerad = "planerad" => "Planerad",
        Pagaende = "pagaende" => "Pågår",
        Avslutad = "avslutad" => "Avslutad",
        EjPaborjad = "ej_paborjad" => "Ej påbörjad",
    }
}

vocabulary! {
    /// Follow-up: was the intervention carried out as planned? [003 Del 5]
    pub enum CarriedOut {
        Ja = "ja" => "Ja",
        Delvis = "delvis" => "Delvis",
        Nej = "nej" => "Nej",
    }
}

vocabulary! {
    /// Follow-up: was the goal met? [003 Del 5]
    pub enum GoalMet {
        Helt = "helt" => "Helt",
        Delvis = "delvis" => "Delvis",
        Inte = "inte" => "Inte",
    }
}

vocabulary! {
    /// How the follow-up is held.
    pub enum FollowUpForm {
        Mote = "mote" => "SIP-möte",
        Digitalt = "digitalt" => "Digitalt möte",
        Telefon = "telefon" => "Telefon",
    }
}

vocabulary! {
    /// What makes a plan version frozen.
    pub enum FrozenAs {
        Faststalld = "faststalld" => "Fastställd",
        Utskriven = "utskriven" => "Utskriven för underskrift",
    }
}

vocabulary! {
    /// The method of a risk assessment: "a **standardised method** should be part of it"
    /// [003 Del 4]. FREDA (Socialstyrelsen's three instruments), SARA:SV and PATRIARK are the
    /// standardised methods Swedish social services use; "annan" needs the method's name.
    pub enum RiskInstrument {
        FredaKortfragor = "freda_kortfragor" => "FREDA kortfrågor",
        FredaBeskrivning = "freda_beskrivning" => "FREDA beskrivning",
        FredaFarlighet = "freda_farlighet" => "FREDA farlighetsbedömning",
        SaraSv = "sara_sv" => "SARA:SV",
        Patriark = "patriark" => "PATRIARK",
        Annan = "annan" => "Annan metod",
    }
}

vocabulary! {
    /// The overall level of a risk assessment: låg / medel / hög, or the instrument's own
    /// wording (written out).
    pub enum RiskLevel {
        Lag = "lag" => "Låg risk",
        Medel = "medel" => "Medelhög risk",
        Hog = "hog" => "Hög risk",
        Egen = "egen" => "Enligt instrumentets egen skala",
    }
}

vocabulary! {
    /// Whether the police's risk assessment was obtained: "With the person's **consent**, social
    /// services take part of the **police's** risk assessment" [003 Del 4].
    pub enum PoliceObtained {
        Nej = "nej" => "Nej, polisens riskbedömning har inte inhämtats",
        JaSamtycke = "ja_samtycke" => "Ja, med personens samtycke",
        JaLagstod = "ja_lagstod" => "Ja, på lagstöd (ange vilket)",
    }
}

vocabulary! {
    /// Whether our assessment was shared with the police: "… and share their own with police
    /// unless secrecy prevents it" [003 Del 4] — with consent, or on a legal ground written out.
    pub enum PoliceShared {
        Nej = "nej" => "Nej, bedömningen har inte lämnats till polisen",
        JaSamtycke = "ja_samtycke" => "Ja, med personens samtycke",
        JaLagstod = "ja_lagstod" => "Ja, på lagstöd (ange vilket)",
    }
}

vocabulary! {
    /// Why no orosanmälan is made for a child in the case.
    pub enum NoReportReason {
        RedanAnmald = "redan_anmald" => "Redan anmält av någon annan (ange datum)",
        UtredsRedan = "utreds_redan" => "Barnets situation utreds redan av oss",
        Annat = "annat" => "Annat skäl (skriv vilket)",
    }
}

vocabulary! {
    /// The kind of a consultation meeting (samråd) [001 §5, issue 6].
    pub enum SamradKind {
        Planerande = "planerande" => "Planerande",
        Konsulterande = "konsulterande" => "Konsulterande",
        Akut = "akut" => "Akut",
        Uppfoljande = "uppfoljande" => "Uppföljande",
    }
}

vocabulary! {
    /// How a case is brought to a samråd: "with the person's consent … or de-identified" [001 §5].
    pub enum SamradMode {
        Samtycke = "samtycke" => "Med samtycke",
        Avidentifierat = "avidentifierat" => "Avidentifierat",
    }
}

vocabulary! {
    /// The SIP's steps: "Upptäck behov → Förbered → Kalla till SIP-möte → SIP-möte → plan →
    /// uppföljning (and closing)" [003 Del 4].
    pub enum SipState {
        BehovUpptackt = "behov_upptackt" => "Behov upptäckt",
        Forberedelse = "forberedelse" => "Förberedelse",
        Kallad = "kallad" => "Kallad",
        PlanUpprattad = "plan_upprattad" => "Möte hållet / plan upprättad",
        Uppfoljning = "uppfoljning" => "Uppföljning",
        Avslutad = "avslutad" => "Avslutad",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 19: a police unit defaulted to huvudman "Kommun". The table: by group, and the
    /// types outside the groups one by one; the vocabulary gives every type its default.
    #[test]
    fn each_actor_type_has_its_own_default_principal() {
        for &t in ActorType::ALL {
            let want = match t.group() {
                Some("Socialtjänst") => Principal::Kommun,
                Some("Hälso- och sjukvård") => Principal::Region,
                Some("Rättsväsende") => Principal::Stat,
                _ => continue,
            };
            assert_eq!(t.default_principal(), want, "{t:?}");
        }
        for (t, want) in [
            (ActorType::Polis, Principal::Stat),
            (ActorType::Skola, Principal::Kommun),
            (ActorType::Forsakringskassan, Principal::Stat),
            (ActorType::Arbetsformedlingen, Principal::Stat),
            (ActorType::Skatteverket, Principal::Stat),
            (ActorType::Migrationsverket, Principal::Stat),
            (ActorType::Hyresvard, Principal::Annan),
            (ActorType::Kvinnojour, Principal::Ideell),
            (ActorType::Barnahus, Principal::Annan),
            (ActorType::Regionkoordinator, Principal::Annan),
            (ActorType::Frivilligorganisation, Principal::Ideell),
        ] {
            assert_eq!(t.default_principal(), want, "{t:?}");
        }
        let v = crate::catalog::all();
        assert_eq!(v.actor_type_principals.len(), ActorType::ALL.len());
        for p in &v.actor_type_principals {
            assert_eq!(p.principal, p.actor_type.default_principal());
        }
    }

    #[test]
    fn keys_round_trip_and_are_unique() {
        fn check<T: Copy + PartialEq + std::fmt::Debug>(
            all: &[T],
            key: fn(T) -> &'static str,
            from: fn(&str) -> Option<T>,
        ) {
            let mut seen = std::collections::HashSet::new();
            for &v in all {
                assert!(seen.insert(key(v)), "duplicate key {}", key(v));
                assert_eq!(from(key(v)), Some(v));
            }
            assert_eq!(from("no-such-key"), None);
        }
        check(
            ProtectionLevel::ALL,
            ProtectionLevel::key,
            ProtectionLevel::from_key,
        );
        check(ViolenceForm::ALL, ViolenceForm::key, ViolenceForm::from_key);
        check(ActorType::ALL, ActorType::key, ActorType::from_key);
        check(RelationKind::ALL, RelationKind::key, RelationKind::from_key);
        check(
            RiskInstrument::ALL,
            RiskInstrument::key,
            RiskInstrument::from_key,
        );
        check(RiskLevel::ALL, RiskLevel::key, RiskLevel::from_key);
        check(
            PoliceObtained::ALL,
            PoliceObtained::key,
            PoliceObtained::from_key,
        );
        check(PoliceShared::ALL, PoliceShared::key, PoliceShared::from_key);
        check(
            NoReportReason::ALL,
            NoReportReason::key,
            NoReportReason::from_key,
        );
        check(SamradKind::ALL, SamradKind::key, SamradKind::from_key);
        check(SamradMode::ALL, SamradMode::key, SamradMode::from_key);
    }

    #[test]
    fn serde_uses_the_database_key() {
        assert_eq!(
            serde_json::to_string(&ProtectionLevel::SkyddadFolkbokforing).unwrap(),
            "\"skyddad_folkbokforing\""
        );
        let v: ActorType = serde_json::from_str("\"bup\"").unwrap();
        assert_eq!(v, ActorType::Bup);
        assert!(serde_json::from_str::<ActorType>("\"okänd\"").is_err());
    }

    #[test]
    fn the_domain_lists_are_complete() {
        // DOMAIN.md lists 13 forms of violence and these actor groups.
        assert_eq!(ViolenceForm::ALL.len(), 13);
        assert!(ActorType::ALL.iter().any(|t| t.is_social_services()));
        assert!(ActorType::ALL.iter().any(|t| t.is_health_care()));
        assert!(ActorType::terms().iter().all(|t| t.group.is_some()));
    }
}
