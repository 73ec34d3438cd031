//! The gazetteer: Swedish place names that the scanner finds in free text as
//! [`HitKind::Ort`](super::HitKind::Ort), whether the database stores them or not. A protected
//! person's town is never stored, so "hon bor nu i Hudiksvall" would otherwise pass.
//!
//! # Sources
//!
//! Written by hand from SCB's lists, not downloaded:
//! - the 290 municipalities (kommuner) by county, SCB's *Kommunlängd* (kommunkoder), as valid
//!   2024–2026 (290 since Knivsta and Nykvarn were formed in 2003; a test checks the count per
//!   county);
//! - the 21 counties (län), in the official form ("Dalarnas län") and the short form people
//!   write ("Dalarna", "Sörmland"), and the 25 provinces (landskap: "Hälsingland");
//! - the localities (tätorter) with at least 10 000 inhabitants in SCB's *Tätorter 2020*
//!   (MI 38) that are not also a municipality's name ("Åkersberga", "Märsta", "Kinna",
//!   "Visby"), some smaller tätorter (5 000–10 000 and a few well-known smaller ones), and
//!   well-known districts of Stockholm, Göteborg and Malmö ("Rinkeby", "Angered",
//!   "Rosengård"), which point out a person as much as a small town does.
//!
//! Smaller villages, most districts and foreign places are not in it: the worker's own
//! judgement stays needed.
//!
//! # Matching
//!
//! On the scanner's folded words (lower case, diacritics folded: `Goteborg` finds
//! `Göteborg`), whole words only, in any case, at the start of a sentence too. A word written
//! with `å`, `ä` or `ö` must have them where the name has them: `tränas` is not `Tranås`,
//! `åkalla` not `Akalla`, while the plain `Tranas` (a keyboard without å) is. A name takes
//! the genitive (`Hudiksvalls`, `Malmö:s`), and a one-word name of at least four letters the
//! compounds in [`COMPOUND_HEADS`] (`Göteborgsområdet`, `Stockholmstrakten`, `Umeåbor`).
//! A multi-word name (`Upplands Väsby`, `Lilla Edet`) matches with a space or a hyphen between
//! its words.
//!
//! Names that are also something else are matched only where a place is likely:
//! - [`ORDINARY_WORD_PLACES`], ordinary Swedish words (`Vara` "to be", `Mark` "ground",
//!   `Boden` "the shed", `Ånge` folded is `ange` "to state", `Skara` "a crowd"): only when
//!   capitalised and not at the start of a sentence ("hon bor i Vara", "flyttat till Boden";
//!   not "det kan vara så", not "Boden var låst." at the start), or capitalised right before
//!   a place noun ([`PLACE_NOUNS`]: "Vara kommun har svarat."). No compounds.
//! - [`PERSON_NAME_PLACES`], first names or surnames (`Nora`, `Dorotea`, `Vilhelmina`,
//!   `Salem`): the same, or in any case right after a place preposition ([`PLACE_PREPOSITIONS`]:
//!   "flyttade till nora"). A capitalised first name in the middle of a sentence is a hit even
//!   when it is a person: it identifies either way.
//!
//! Lookup is one hash-map probe per prefix of each word (the index is keyed by a name's first
//! folded word), so a scan stays linear in the text and independent of the list's length.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// The 290 municipalities, by county: `code county: kommun, kommun, …` (SCB's county codes;
/// a hyphen or a space inside a name is part of it).
pub const KOMMUNER: &str = "
01 Stockholms län: Upplands Väsby, Vallentuna, Österåker, Värmdö, Järfälla, Ekerö, Huddinge,
   Botkyrka, Salem, Haninge, Tyresö, Upplands-Bro, Nykvarn, Täby, Danderyd, Sollentuna,
   Stockholm, Södertälje, Nacka, Sundbyberg, Solna, Lidingö, Vaxholm, Norrtälje, Sigtuna,
   Nynäshamn
03 Uppsala län: Håbo, Älvkarleby, Knivsta, Heby, Tierp, Uppsala, Enköping, Östhammar
04 Södermanlands län: Vingåker, Gnesta, Nyköping, Oxelösund, Flen, Katrineholm, Eskilstuna,
   Strängnäs, Trosa
05 Östergötlands län: Ödeshög, Ydre, Kinda, Boxholm, Åtvidaberg, Finspång, Valdemarsvik,
   Linköping, Norrköping, Söderköping, Motala, Vadstena, Mjölby
06 Jönköpings län: Aneby, Gnosjö, Mullsjö, Habo, Gislaved, Vaggeryd, Jönköping, Nässjö,
   Värnamo, Sävsjö, Vetlanda, Eksjö, Tranås
07 Kronobergs län: Uppvidinge, Lessebo, Tingsryd, Alvesta, Älmhult, Markaryd, Växjö, Ljungby
08 Kalmar län: Högsby, Torsås, Mörbylånga, Hultsfred, Mönsterås, Emmaboda, Kalmar, Nybro,
   Oskarshamn, Västervik, Vimmerby, Borgholm
09 Gotlands län: Gotland
10 Blekinge län: Olofström, Karlskrona, Ronneby, Karlshamn, Sölvesborg
12 Skåne län: Svalöv, Staffanstorp, Burlöv, Vellinge, Östra Göinge, Örkelljunga, Bjuv,
   Kävlinge, Lomma, Svedala, Skurup, Sjöbo, Hörby, Höör, Tomelilla, Bromölla, Osby, Perstorp,
   Klippan, Åstorp, Båstad, Malmö, Lund, Landskrona, Helsingborg, Höganäs, Eslöv, Ystad,
   Trelleborg, Kristianstad, Simrishamn, Ängelholm, Hässleholm
13 Hallands län: Hylte, Halmstad, Laholm, Falkenberg, Varberg, Kungsbacka
14 Västra Götalands län: Härryda, Partille, Öckerö, Stenungsund, Tjörn, Orust, Sotenäs,
   Munkedal, Tanum, Dals-Ed, Färgelanda, Ale, Lerum, Vårgårda, Bollebygd, Grästorp, Essunga,
   Karlsborg, Gullspång, Tranemo, Bengtsfors, Mellerud, Lilla Edet, Mark, Svenljunga,
   Herrljunga, Vara, Götene, Tibro, Töreboda, Göteborg, Mölndal, Kungälv, Lysekil, Uddevalla,
   Strömstad, Vänersborg, Trollhättan, Alingsås, Borås, Ulricehamn, Åmål, Mariestad,
   Lidköping, Skara, Skövde, Hjo, Tidaholm, Falköping
17 Värmlands län: Kil, Eda, Torsby, Storfors, Hammarö, Munkfors, Forshaga, Grums, Årjäng,
   Sunne, Karlstad, Kristinehamn, Filipstad, Hagfors, Arvika, Säffle
18 Örebro län: Lekeberg, Laxå, Hallsberg, Degerfors, Hällefors, Ljusnarsberg, Örebro, Kumla,
   Askersund, Karlskoga, Nora, Lindesberg
19 Västmanlands län: Skinnskatteberg, Surahammar, Kungsör, Hallstahammar, Norberg, Västerås,
   Sala, Fagersta, Köping, Arboga
20 Dalarnas län: Vansbro, Malung-Sälen, Gagnef, Leksand, Rättvik, Orsa, Älvdalen,
   Smedjebacken, Mora, Falun, Borlänge, Säter, Hedemora, Avesta, Ludvika
21 Gävleborgs län: Ockelbo, Hofors, Ovanåker, Nordanstig, Ljusdal, Gävle, Sandviken,
   Söderhamn, Bollnäs, Hudiksvall
22 Västernorrlands län: Ånge, Timrå, Härnösand, Sundsvall, Kramfors, Sollefteå, Örnsköldsvik
23 Jämtlands län: Ragunda, Bräcke, Krokom, Strömsund, Åre, Berg, Härjedalen, Östersund
24 Västerbottens län: Nordmaling, Bjurholm, Vindeln, Robertsfors, Norsjö, Malå, Storuman,
   Sorsele, Dorotea, Vännäs, Vilhelmina, Åsele, Umeå, Lycksele, Skellefteå
25 Norrbottens län: Arvidsjaur, Arjeplog, Jokkmokk, Överkalix, Kalix, Övertorneå, Pajala,
   Gällivare, Älvsbyn, Luleå, Piteå, Boden, Haparanda, Kiruna
";

/// The year of the municipality list.
pub const KOMMUNER_YEAR: u16 = 2025;

/// The counties' short forms, as people write them (the official form is in [`KOMMUNER`]).
pub const LAN_SHORT: &str = "
Stockholm, Uppsala, Södermanland, Sörmland, Östergötland, Jönköping, Kronoberg, Kalmar,
Gotland, Blekinge, Skåne, Halland, Västra Götaland, Värmland, Örebro, Västmanland, Dalarna,
Gävleborg, Västernorrland, Jämtland, Västerbotten, Norrbotten
";

/// The 25 provinces (landskap) and the common names of larger regions.
pub const LANDSKAP: &str = "
Skåne, Blekinge, Halland, Småland, Öland, Gotland, Östergötland, Västergötland, Bohuslän,
Dalsland, Värmland, Närke, Södermanland, Uppland, Västmanland, Dalarna, Gästrikland,
Hälsingland, Härjedalen, Jämtland, Medelpad, Ångermanland, Västerbotten, Norrbotten,
Lappland, Roslagen, Österlen, Bergslagen, Tornedalen, Siljan
";

/// Tätorter with ≥ 10 000 inhabitants (SCB 2020) whose name is not a municipality's.
pub const TATORTER_10K: &str = "
Åkersberga, Märsta, Gustavsberg, Kungsängen, Västerhaninge, Bålsta, Tumba, Handen, Jordbro,
Tullinge, Jakobsberg, Brunn, Skoghall, Höllviken, Arlöv, Bjärred, Åhus, Mölnlycke,
Kinna, Onsala, Lindome, Kållered, Huskvarna, Visby, Storvreta, Valbo, Torslanda, Hisings Backa,
Landvetter, Kungens kurva, Oxie, Limhamn
";

/// Smaller tätorter (mostly 2 000–10 000 inhabitants), chosen for being well known and
/// distinct from ordinary words.
pub const TATORTER_SMALL: &str = "
Vagnhärad, Järna, Mariefred, Rimbo, Hallstavik, Kungshamn, Smögen, Ljungskile, Skene,
Löddeköpinge, Åkarp, Skanör, Falsterbo, Tollarp, Tyringe, Bjärnum, Knislinge, Broby,
Mörrum, Asarum, Lyckeby, Nättraby, Jämjö, Färjestaden, Kisa, Borensberg, Skänninge,
Ljungsbro, Malmslätt, Kolmården, Krokek, Skärblacka, Bankeryd, Anderstorp, Smålandsstenar,
Skillingaryd, Lammhult, Åseda, Bjästa, Husum, Matfors, Kvissleby, Iggesund, Delsbo, Järvsö,
Edsbyn, Alfta, Storvik, Skutskär, Gimo, Alunda, Östervåla, Björklinge, Sävja, Gottsunda,
Arlandastad, Rosersberg, Ursviken, Skelleftehamn, Burträsk, Boliden, Gammelstad, Råneå,
Öjebyn, Vittangi, Karesuando, Abisko, Malmberget, Porjus, Brunflo, Frösön, Hammerdal, Järpen,
Funäsdalen, Sveg, Vemdalen, Svenstavik, Bjursås, Grycksbo, Svärdsjö, Malung, Idre, Särna,
Sollerön, Insjön, Tällberg, Grängesberg, Krylbo, Horndal, Långshyttan, Ransta, Vännäsby,
Norrfjärden, Hortlax, Töre, Vuollerim, Torshälla, Hova, Mellbystrand,
Tylösand, Getinge, Frillesås, Tvååker, Veddige, Stenungsön, Svanesund,
Henån, Grebbestad, Fjällbacka, Hamburgsund, Charlottenberg, Åmotfors, Fellingsbro, Frövi, Odensbacken, Vretstorp, Pålsboda, Kopparberg,
Riddarhyttan, Kolbäck, Virsbo, Ramnäs, Ängelsberg, Bergby, Harads, Sälen
";

/// Well-known districts of the three large cities.
pub const STADSDELAR: &str = "
Rinkeby, Tensta, Husby, Kista, Akalla, Hässelby, Vällingby, Spånga, Bromma, Skärholmen,
Fittja, Alby, Hallunda, Norsborg, Farsta, Bagarmossen, Skarpnäck, Hökarängen, Rågsved,
Hagsätra, Älvsjö, Södermalm, Kungsholmen, Östermalm, Vasastan, Hammarby sjöstad,
Aspudden, Midsommarkransen, Liljeholmen, Hjulsta, Flemingsberg,
Angered, Hjällbo, Hammarkullen, Bergsjön, Biskopsgården, Tynnered, Frölunda, Majorna,
Kortedala, Gårdsten, Lövgärdet, Rannebergen, Rosengård, Möllevången, Husie, Hyllie,
Kroksbäck, Holma, Lindängen, Seved, Hermodsdal, Fosie, Kirseberg
";

/// Names that are also ordinary Swedish words (folded, in any form the scanner sees):
/// matched only when capitalised and not at the start of a sentence, never as a compound.
/// Chosen by checking every name, folded and with a genitive `s`, against a Swedish word list
/// (Den stora svenska ordlistan, Debian's `wswedish` 1.4.5), keeping those a social worker
/// may write (`vara`, `mark`, `handen`, `kista`); left out as too rare in such a text to
/// cost the recall: `ale`, `mora`, `nacka`, `köping`, `laxa`, `timra`, `vindeln`. With these
/// rules, 15 of the list's 116 814 lower-case words are hits in lower case: `stockholmare` and
/// its forms (meant), and the seven left out above with their forms.
pub const ORDINARY_WORD_PLACES: &str = "
vara mark lund berg boden kil ange mala sater trosa klippan skara dalarna salen grums handen
insjon kisa kista brunn
";

/// Names that are also first names or surnames: like [`ORDINARY_WORD_PLACES`], and also in any
/// case right after a place preposition.
pub const PERSON_NAME_PLACES: &str = "
nora dorotea vilhelmina salem seved tore holma falkenberg norberg
";

/// Words after which a name of [`PERSON_NAME_PLACES`] is a place in any case.
pub const PLACE_PREPOSITIONS: &str = "
i från ifrån till mot nära utanför vid kring runt in ut
";

/// Words after which a capitalised name of [`ORDINARY_WORD_PLACES`] or [`PERSON_NAME_PLACES`]
/// is a place also at the start of a sentence: `Vara kommun har svarat`, `Lunds kommun`.
pub const PLACE_NOUNS: &str = "
kommun kommuns stad stads tatort tatorts lan lans forsamling socken
";

/// What may follow a one-word name of ≥ 4 letters in a compound, after an optional linking
/// `s`: `Göteborgsområdet`, `Stockholmstrakten`, `Umeåbor`, `Malmöpolisen`.
pub const COMPOUND_HEADS: &str = "
omrade omradet omradets trakten trakt regionen polisen kommun kommuns kommunen kommunens
bo bon bor borna are aren arna arens centrum centrumet lan lans
";

/// Which rule a gazetteer name follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ambiguity {
    /// A name that is only a place: any case, anywhere, with compounds.
    None,
    /// Also an ordinary word: capitalised, not at the start of a sentence.
    Word,
    /// Also a person's name: as [`Ambiguity::Word`], or in any case after a place preposition.
    Name,
}

/// One place name: its folded words.
#[derive(Debug)]
pub(super) struct Place {
    pub words: Vec<String>,
    /// Each word's letters as written, lower case, one per folded letter (`göteborg`).
    pub written: Vec<Vec<char>>,
    pub ambiguity: Ambiguity,
}

/// The gazetteer's names, as written (each once).
pub fn names() -> Vec<String> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let mut push = |n: &str| {
        let n = n.trim();
        if !n.is_empty() && seen.insert(n.to_owned()) {
            out.push(n.to_owned());
        }
    };
    for (county, kommuner) in counties() {
        push(county);
        for k in kommuner {
            push(k);
        }
    }
    for list in [
        LAN_SHORT,
        LANDSKAP,
        TATORTER_10K,
        TATORTER_SMALL,
        STADSDELAR,
    ] {
        for n in list.split(',') {
            push(n);
        }
    }
    // A hyphenated municipality's parts that are used alone (`Upplands Väsby` → `Väsby`).
    for n in ["Väsby", "Göinge", "Edet"] {
        push(n);
    }
    out
}

/// The counties of [`KOMMUNER`] (`"Dalarnas län"`) with their municipalities, in SCB's order.
pub fn counties() -> Vec<(&'static str, Vec<&'static str>)> {
    let mut out: Vec<(&'static str, Vec<&'static str>)> = Vec::new();
    for line in KOMMUNER.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let rest = match line.split_once(':') {
            Some((head, rest)) => {
                let county = head.trim_start_matches(|c: char| c.is_ascii_digit()).trim();
                out.push((county, Vec::new()));
                rest
            }
            None => line,
        };
        if let Some((_, list)) = out.last_mut() {
            list.extend(rest.split(',').map(str::trim).filter(|k| !k.is_empty()));
        }
    }
    out
}

/// The gazetteer, folded and indexed by each name's first word.
pub(super) struct Gazetteer {
    pub by_first: HashMap<String, Vec<Place>>,
    pub heads: HashSet<&'static str>,
    pub prepositions: HashSet<&'static str>,
    pub place_nouns: HashSet<&'static str>,
    /// The longest first word, in bytes.
    pub longest_first: usize,
}

pub(super) static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(|| {
    let word_places: HashSet<&str> = ORDINARY_WORD_PLACES.split_whitespace().collect();
    let name_places: HashSet<&str> = PERSON_NAME_PLACES.split_whitespace().collect();
    let mut by_first: HashMap<String, Vec<Place>> = HashMap::new();
    for n in names() {
        let f = super::fold_with_spans(&n);
        let toks = super::tokens(&f.chars);
        let written: Vec<Vec<char>> = toks
            .iter()
            .map(|t| {
                (t.start..t.end)
                    .map(|j| super::written_letter(&n, &f, j))
                    .collect()
            })
            .collect();
        let words: Vec<String> = toks.into_iter().map(|t| t.word).collect();
        let Some(first) = words.first().cloned() else {
            continue;
        };
        let single = words.len() == 1;
        let ambiguity = if single && word_places.contains(first.as_str()) {
            Ambiguity::Word
        } else if single && name_places.contains(first.as_str()) {
            Ambiguity::Name
        } else {
            Ambiguity::None
        };
        let entry = by_first.entry(first).or_default();
        if !entry.iter().any(|p| p.words == words) {
            entry.push(Place {
                words,
                written,
                ambiguity,
            });
        }
    }
    Gazetteer {
        longest_first: by_first.keys().map(String::len).max().unwrap_or(0),
        by_first,
        heads: COMPOUND_HEADS.split_whitespace().collect(),
        prepositions: PLACE_PREPOSITIONS.split_whitespace().collect(),
        place_nouns: PLACE_NOUNS.split_whitespace().collect(),
    }
});

#[cfg(test)]
mod tests;
