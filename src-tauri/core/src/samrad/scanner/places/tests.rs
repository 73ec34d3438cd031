use super::super::{scan, Hit, HitKind, Known};
use super::*;
use proptest::prelude::*;

fn places_in(text: &str) -> Vec<String> {
    scan(text, &Known::default())
        .into_iter()
        .filter(|h: &Hit| h.kind == HitKind::Ort)
        .map(|h| h.text)
        .collect()
}

/// SCB's municipalities per county, in county-code order (01 Stockholm … 25 Norrbotten).
const PER_COUNTY: [usize; 21] = [
    26, 8, 9, 13, 13, 8, 12, 1, 5, 33, 6, 49, 16, 12, 10, 15, 10, 7, 8, 15, 14,
];

#[test]
fn the_gazetteer_holds_all_290_municipalities_in_the_21_counties() {
    let c = counties();
    assert_eq!(c.len(), 21, "counties");
    let counts: Vec<usize> = c.iter().map(|(_, k)| k.len()).collect();
    assert_eq!(counts, PER_COUNTY, "municipalities per county");
    let all: Vec<&str> = c.iter().flat_map(|(_, k)| k.iter().copied()).collect();
    assert_eq!(all.len(), 290);
    let distinct: HashSet<&str> = all.iter().copied().collect();
    assert_eq!(distinct.len(), 290, "a municipality twice");
    assert!(c.iter().all(|(county, _)| county.ends_with(" län")));
    assert!((2024..=2026).contains(&KOMMUNER_YEAR));
    // Every list holds each name once.
    for list in [
        LAN_SHORT,
        LANDSKAP,
        TATORTER_10K,
        TATORTER_SMALL,
        STADSDELAR,
    ] {
        let names: Vec<&str> = list.split(',').map(str::trim).collect();
        let set: HashSet<&str> = names.iter().copied().collect();
        assert_eq!(set.len(), names.len(), "a name twice in {list}");
    }
}

#[test]
fn every_name_is_indexed_letter_for_letter() {
    let g = &*GAZETTEER;
    let mut n = 0;
    for (first, places) in &g.by_first {
        for p in places {
            n += 1;
            assert_eq!(p.words.first(), Some(first));
            assert_eq!(p.words.len(), p.written.len());
            for (w, written) in p.words.iter().zip(&p.written) {
                assert_eq!(w.chars().count(), written.len(), "{w}");
            }
        }
    }
    assert!(n >= 290 + 21 + 100, "only {n} names");
    for w in ORDINARY_WORD_PLACES
        .split_whitespace()
        .chain(PERSON_NAME_PLACES.split_whitespace())
    {
        assert!(
            g.by_first.contains_key(w),
            "{w} is no name of the gazetteer"
        );
    }
}

#[test]
fn every_municipality_is_found_where_a_worker_would_write_it() {
    let mut missed = Vec::new();
    for (_, kommuner) in counties() {
        for k in kommuner {
            for text in [
                format!("Hon har flyttat till {k} med barnen."),
                format!("Familjen bor numera i {k}."),
            ] {
                if places_in(&text) != [k.to_owned()] {
                    missed.push(format!("{text:?} → {:?}", places_in(&text)));
                }
            }
            // The genitive, where it takes an s.
            if !k.ends_with(['s', 'x', 'z']) {
                let text = format!("Han har fått jobb inom {k}s kommun.");
                if places_in(&text) != [format!("{k}s")] {
                    missed.push(format!("{text:?} → {:?}", places_in(&text)));
                }
            }
        }
    }
    assert!(missed.is_empty(), "{}", missed.join("\n"));
}

#[test]
fn a_town_is_found_in_any_case_inflected_and_without_swedish_letters() {
    for (text, exp) in [
        ("hon bor nu i Hudiksvall.", "Hudiksvall"),
        ("hon bor nu i hudiksvall.", "hudiksvall"),
        ("HON BOR NU I HUDIKSVALL.", "HUDIKSVALL"),
        ("Hudiksvall är dit hon flyttade.", "Hudiksvall"),
        ("Hudiksvalls socialtjänst är informerad.", "Hudiksvalls"),
        ("Han syntes i Göteborgsområdet.", "Göteborgsområdet"),
        ("Hon är uppvuxen i Stockholmstrakten.", "Stockholmstrakten"),
        ("Båda är Umeåbor sedan länge.", "Umeåbor"),
        ("Han har kontakt med Malmöpolisen.", "Malmöpolisen"),
        ("Hon kommer från Goteborg.", "Goteborg"),
        ("Hon kommer från Orebro.", "Orebro"),
        ("Malmö:s skolor har fått information.", "Malmö:s"),
        ("Familjen flyttade till Upplands Väsby.", "Upplands Väsby"),
        ("Familjen flyttade till Upplands-Väsby.", "Upplands-Väsby"),
        ("Pappan bor kvar i Lilla Edet.", "Lilla Edet"),
        ("Hon har släkt i Dalarnas län.", "Dalarnas län"),
        ("Hon har släkt i Dalarna.", "Dalarna"),
        ("Hon har släkt i Hälsingland.", "Hälsingland"),
        ("Han bor i Rinkeby.", "Rinkeby"),
        ("Han hänger i Rosengård på kvällarna.", "Rosengård"),
        ("Familjen har flyttat till Åkersberga.", "Åkersberga"),
        ("Hon pendlar till Tranas varje dag.", "Tranas"),
    ] {
        assert_eq!(places_in(text), [exp], "{text:?}");
    }
}

#[test]
fn place_names_that_are_ordinary_words_pass_in_ordinary_use() {
    for text in [
        "Det kan vara svårt för henne att berätta.",
        "Vara med på mötet vill hon inte.",
        "Barnen leker på marken och i boden.",
        "Han tog henne i handen och gick.",
        "Ange orsaken i journalen. Det anges i planen.",
        "Personalen ska tränas i hot och våld.",
        "Hon gömde papperen i en kista.",
        "Han åkte till berg och dal.",
        "Hon vill ta till vara på tiden.",
        "Mark och skog ingår inte. Lund och äng heller inte.",
        "En skara ungdomar stod utanför.",
        "Boden var låst när de kom.",
        "Det var en insjön nära huset.",
        "Det blev grums i kaffet.",
        "Han hade en kil i dörren.",
        "Hon behöver mala kaffe.",
        "Vi ska åkalla hjälp.",
        "Tore och Nora är namn vi inte använder i texten. Nora var ett exempel.",
    ] {
        let hits: Vec<String> = places_in(text)
            .into_iter()
            // Capitalised first names mid-sentence are hits on purpose.
            .filter(|t| t != "Nora")
            .collect();
        assert!(hits.is_empty(), "{text:?} → {hits:?}");
    }
}

#[test]
fn place_names_that_are_ordinary_words_are_found_as_places() {
    for (text, exp) in [
        ("Hon bor nu i Vara.", "Vara"),
        ("Pappan har flyttat till Boden.", "Boden"),
        ("Mamman kommer från Mark.", "Mark"),
        ("Släkten finns i Lund och Skara.", "Lund"),
        ("Hon har fått jobb i Ånge.", "Ånge"),
        ("Han sågs i Kista i helgen.", "Kista"),
        ("Hon flyttade till Kil.", "Kil"),
        ("Hon har släkt i Berg.", "Berg"),
    ] {
        assert_eq!(
            places_in(text).first().map(String::as_str),
            Some(exp),
            "{text:?}"
        );
    }
    // A first name that is a town, in lower case after a place preposition.
    assert_eq!(places_in("de flyttade till nora i våras."), ["nora"]);
    assert_eq!(places_in("Mamman bor i Vilhelmina."), ["Vilhelmina"]);
    // At the start of a sentence only before a place noun (a recall loss, stated in the docs).
    assert!(places_in("Vara här vill hon inte.").is_empty());
    assert!(places_in("Boden i Lund var låst.").len() == 1);
    assert_eq!(places_in("Vara kommun har svarat."), ["Vara"]);
    assert_eq!(places_in("Lunds kommun har svarat."), ["Lunds"]);
    assert!(places_in("Det ska vara kommunen som betalar.").is_empty());
}

// ---------------------------------------------------------------------------------------------
// Recall and false positives on made-up samråd and deviation texts
// ---------------------------------------------------------------------------------------------

/// Samråd summaries' frågeställningar and deviation descriptions that name a place, with the
/// places a reader would call identifying. Made up; no real persons.
const WITH_PLACES: &[(&str, &[&str])] = &[
    (
        "Kvinnan har nyligen flyttat till Hudiksvall och undrar om hon kan få stöd där.",
        &["Hudiksvall"],
    ),
    (
        "Hon bor nu i Sundsvall men barnen går kvar i skolan här.",
        &["Sundsvall"],
    ),
    (
        "Pappan har enligt uppgift setts i Gävle vid flera tillfällen.",
        &["Gävle"],
    ),
    (
        "Frågeställning: hur samordnar vi insatser när familjen flyttar till Örebro?",
        &["Örebro"],
    ),
    (
        "Mamman har skyddat boende i Jönköping sedan några veckor.",
        &["Jönköping"],
    ),
    (
        "Vi behöver råd om samverkan med socialtjänsten i Norrköping.",
        &["Norrköping"],
    ),
    (
        "Den unga kvinnan har familj i Borås och är rädd att de ska hitta henne.",
        &["Borås"],
    ),
    (
        "Förövaren har vänner i Södertälje som hotat kvinnan.",
        &["Södertälje"],
    ),
    (
        "Barnen har tidigare gått i förskola i Skellefteå.",
        &["Skellefteå"],
    ),
    (
        "Avvikelse: kallelsen skickades till fel adress i Kalmar.",
        &["Kalmar"],
    ),
    (
        "Avvikelse: i journalen stod att hon flyttat till Piteå, vilket syntes för fel enhet.",
        &["Piteå"],
    ),
    (
        "Handläggaren i Eskilstuna skickade en begäran utan att kontrollera skyddet.",
        &["Eskilstuna"],
    ),
    (
        "Hon har släkt i Dalarna men vill inte att de får veta var hon bor.",
        &["Dalarna"],
    ),
    (
        "Mannen är folkbokförd i Haninge men vistas mest i Nynäshamn.",
        &["Haninge", "Nynäshamn"],
    ),
    (
        "Familjen kom till Sverige och bodde först i Malmö, sedan i Landskrona.",
        &["Malmö", "Landskrona"],
    ),
    (
        "Kvinnan arbetar i Västerås och pendlar från Köping.",
        &["Västerås", "Köping"],
    ),
    ("Sonen går på gymnasiet i Uppsala.", &["Uppsala"]),
    ("Hon har sökt hjälp hos jouren i Umeå tidigare.", &["Umeå"]),
    (
        "Avvikelse: ett brev med orten Tranås i sidhuvudet skickades till pappan.",
        &["Tranås"],
    ),
    (
        "Pappan har hotat att åka upp till Kiruna och hämta barnen.",
        &["Kiruna"],
    ),
    (
        "Hon har bott i Göteborgsområdet hela livet.",
        &["Göteborgsområdet"],
    ),
    (
        "Mamman är uppvuxen i Stockholmstrakten och har kvar sitt nätverk där.",
        &["Stockholmstrakten"],
    ),
    ("Lunds kommun har begärt uppgifter om familjen.", &["Lunds"]),
    (
        "Kontakt har tagits med Linköpings socialtjänst.",
        &["Linköpings"],
    ),
    (
        "Hon bor nu i Vara och vill ha samtal på distans.",
        &["Vara"],
    ),
    ("Pappan har flyttat till Boden enligt polisen.", &["Boden"]),
    ("Familjen har ett fritidshus i Mora.", &["Mora"]),
    ("De har bott i Sala i några år.", &["Sala"]),
    (
        "hon har flyttat till hudiksvall och har inte hörts av sedan dess.",
        &["hudiksvall"],
    ),
    ("kvinnan har släkt i jokkmokk.", &["jokkmokk"]),
    (
        "Hon bodde tidigare i Rinkeby och sedan i Tensta.",
        &["Rinkeby", "Tensta"],
    ),
    (
        "Ungdomen rör sig mycket i Angered och Hjällbo.",
        &["Angered", "Hjällbo"],
    ),
    ("Han har setts i Rosengård flera kvällar.", &["Rosengård"]),
    (
        "Avvikelse: pappan fick veta att barnen går i skolan i Åkersberga.",
        &["Åkersberga"],
    ),
    (
        "Hon flyttade från Märsta till Visby förra året.",
        &["Märsta", "Visby"],
    ),
    (
        "Mamman har en syster i Västra Götaland som kan ta emot barnen.",
        &["Västra Götaland"],
    ),
    ("Kvinnan har släkt i Jämtlands län.", &["Jämtlands län"]),
    ("Den äldsta dottern pluggar i Lund.", &["Lund"]),
    ("Pappan arbetar på ett lager utanför Ljungby.", &["Ljungby"]),
    ("Hon kommer ursprungligen från Ånge.", &["Ånge"]),
    (
        "Mannen har en bostadsrätt i Upplands Väsby.",
        &["Upplands Väsby"],
    ),
    (
        "Familjen har hittat en lägenhet i Lilla Edet.",
        &["Lilla Edet"],
    ),
    (
        "Hon skulle helst vilja bo i Norrland, kanske Östersund.",
        &["Östersund"],
    ),
    (
        "Barnet har placerats i familjehem i Hälsingland.",
        &["Hälsingland"],
    ),
    (
        "Vi undrar hur Goteborg hanterar samma fråga.",
        &["Goteborg"],
    ),
    ("Sundsvalls kvinnojour har erbjudit plats.", &["Sundsvalls"]),
    ("Hon har kontakt med en kurator i Karlstad.", &["Karlstad"]),
    ("Skolan i Falun har fått fel uppgifter.", &["Falun"]),
    ("Vara kommun har begärt ett möte om familjen.", &["Vara"]),
    // Known recall losses, kept so that the figures are honest: a place that is an ordinary
    // word at the start of a sentence,
    ("Boden är en ort hon aldrig vill tillbaka till.", &["Boden"]),
    // a village and a district the gazetteer does not hold,
    (
        "Hon har flyttat till en liten by, Glommersträsk, långt norrut.",
        &["Glommersträsk"],
    ),
    ("Pappan bor i Vivalla och har sett henne där.", &["Vivalla"]),
    // and a misspelt town.
    (
        "Hon har flyttat till Hudiksval enligt grannen.",
        &["Hudiksval"],
    ),
];

/// Samråd and deviation texts without a place name, with ordinary words that look like one
/// (vara, mark, handen, ange, boden, kista, trosa, lund, berg, skara, tränas).
const WITHOUT_PLACES: &[&str] = &[
    "Kvinnan är 30–39 år och har två barn 6–9 år. Hon vill vara anonym i samrådet.",
    "Det kan vara svårt för barnen att förstå varför de inte får träffa pappan.",
    "Hon vill inte ange var hon bor nu, och det ska inte heller anges i planen.",
    "Personalen behöver tränas i att upptäcka tecken på våld i nära relationer.",
    "Barnen har sagt att de har gömt sig i boden när pappan var arg.",
    "Mamman håller barnet i handen hela tiden och släpper inte taget.",
    "Han har slagit henne så att hon fick blåmärken på armen och handen.",
    "Det finns spår av brand på marken utanför huset, enligt polisen.",
    "Hon har lagt undan pengar i en kista som mannen inte känner till.",
    "En skara ungdomar har trakasserat sonen på vägen hem.",
    "Frågan är hur vi ska ta till vara barnens egna berättelser.",
    "Kvinnan har varit utsatt för ekonomiskt våld i flera år.",
    "Pappan har kontrollerat vad hon får ha på sig, till exempel trosa och kjol.",
    "Barnen har ritat ett berg och en lund med träd i samtalet.",
    "Vi behöver stöd i hur vi samordnar skola, hälso- och sjukvård och socialtjänst.",
    "Mannen har hotat att ta barnen med sig utomlands om hon lämnar honom.",
    "Hon har fått kontaktförbud, men mannen har brutit mot det två gånger.",
    "Avvikelse: ett brev skickades med fel mottagare och öppnades av fel person.",
    "Avvikelse: handläggaren lämnade ut uppgifter per telefon utan att kontrollera vem som ringde.",
    "Avvikelse: kallelsen till SIP-mötet innehöll tid och plats, trots skyddade personuppgifter.",
    "Avvikelse: en kollega läste akten utan att ha med ärendet att göra.",
    "Avvikelse: journalen visades på en skärm i ett rum där besökare satt.",
    "Hon har varit på kvinnojouren i tre veckor och vill nu ha eget boende.",
    "Barnet är 10–12 år och har slutat gå till skolan sedan en månad.",
    "Mamman är orolig för att pappan ska hitta dem via sociala medier.",
    "Hon vill att vi tar upp frågan om skyddat boende på nästa samråd.",
    "Han har skickat hotfulla meddelanden mitt i natten flera veckor i rad.",
    "Det finns en risk att barnen används för att ta reda på var hon bor.",
    "Kvinnan har svårt att sova och har sökt vård för ångest.",
    "Polisen har gjort en riskbedömning som visar hög risk.",
    "Vi undrar om vi kan dela information med skolan utan samtycke.",
    "Hon har inte velat göra en polisanmälan ännu.",
    "Hon säger att det är lugnt nu, men barnen berättar något annat.",
    "Pappan har tagit hennes mobil och bankkort för att kontrollera henne.",
    "Mark och ekonomi är ingen fråga i ärendet; det gäller boendet.",
    "Den äldsta sonen har tagit på sig mycket ansvar för syskonen.",
    "Mamman behöver mala maten åt det yngsta barnet.",
    "Kallelsen borde ha skickats via säker post, inte vanlig e-post.",
    "Handläggaren glömde att markera skyddet i systemet.",
    "Vi vill veta hur andra kommuner har gjort i liknande ärenden.",
    "Barnen har fått stöd i grupp för barn som upplevt våld.",
    "Det blev grums i samarbetet med förskolan efter mötet.",
    "Hon beskriver att han slog en kil mellan henne och hennes familj.",
    "Hedersrelaterat våld kan inte uteslutas enligt kvinnans egen berättelse.",
];

#[test]
fn recall_and_false_positives_of_place_names_in_samrad_and_deviation_texts() {
    assert!(WITH_PLACES.len() >= 40 && WITHOUT_PLACES.len() >= 40);
    let planted: usize = WITH_PLACES.iter().map(|(_, e)| e.len()).sum();
    let mut found = 0;
    let mut extra = Vec::new();
    for &(text, exp) in WITH_PLACES {
        let hits = places_in(text);
        found += exp.iter().filter(|e| hits.iter().any(|h| h == *e)).count();
        extra.extend(
            hits.into_iter()
                .filter(|h| !exp.contains(&h.as_str()))
                .map(|h| format!("{text:?}: {h}")),
        );
    }
    let flagged: Vec<(&str, Vec<String>)> = WITHOUT_PLACES
        .iter()
        .map(|&t| (t, places_in(t)))
        .filter(|(_, h)| !h.is_empty())
        .collect();
    let recall = found as f64 / planted as f64;
    let fp_rate = flagged.len() as f64 / WITHOUT_PLACES.len() as f64;
    println!(
        "ortnamn: {found} av {planted} hittade i {} texter, recall = {recall:.3}",
        WITH_PLACES.len()
    );
    println!(
        "ortnamn: {} av {} texter utan ort fick en träff, falsk-positiv-andel = {fp_rate:.3}; \
         extra träffar i texterna med ort: {}",
        flagged.len(),
        WITHOUT_PLACES.len(),
        extra.len()
    );
    for &(text, exp) in WITH_PLACES {
        let hits = places_in(text);
        for e in exp.iter().filter(|e| !hits.iter().any(|h| h == *e)) {
            println!("  missad: {e:?} i {text:?}");
        }
    }
    for (t, h) in &flagged {
        println!("  falsk träff: {t:?} → {h:?}");
    }
    for e in &extra {
        println!("  extra träff: {e}");
    }
    // Thresholds: recall ≥ 0.90 (the four stated misses above are 0.93), at most 1 ordinary
    // text in 20 flagged, no hit in a place text that is not a place.
    assert!(recall >= 0.90, "recall {recall:.3}");
    assert!(fp_rate <= 0.05, "false positives {fp_rate:.3}");
    assert!(extra.is_empty(), "{extra:?}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any municipality written after a place preposition in the middle of ordinary words is
    /// found, whole, and nothing else is.
    #[test]
    fn a_municipality_between_ordinary_words_is_found_whole(
        k in proptest::sample::select(counties().into_iter().flat_map(|(_, k)| k).collect::<Vec<_>>()),
        before in proptest::collection::vec(proptest::sample::select(vec![
            "hon", "har", "nu", "flyttat", "barnen", "vill", "vara", "kvar", "med", "mamman",
        ]), 0..5),
        prep in proptest::sample::select(vec!["i", "till", "från", "nära", "utanför"]),
        after in proptest::collection::vec(proptest::sample::select(vec![
            "sedan", "en", "tid", "och", "mår", "bättre", "handen", "mark", "boden",
        ]), 0..5),
    ) {
        let text = format!("{} {prep} {k} {}.", before.join(" "), after.join(" "));
        prop_assert_eq!(places_in(&text), vec![k.to_owned()]);
    }
}
