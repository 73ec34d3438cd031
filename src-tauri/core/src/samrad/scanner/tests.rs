use super::*;
use proptest::prelude::*;
use HitKind::*;

/// A realistic database: ten names, some of them ordinary Swedish words (Ek, Berg, Lund,
/// Strand, Björk, Lind, Hans, Bo, Klara), one stored without diacritics (Jose Garcia), and
/// five places.
fn known() -> Known {
    Known {
        names: [
            "Anna Maria Svensson",
            "Åsa Öztürk",
            "Eva Ek",
            "Lena Berg",
            "Hans Lund",
            "Bo Strand",
            "Anna-Karin Björk",
            "Mohammed Al-Hassan",
            "Lars Nilsson",
            "Klara Lind",
            "Jose Garcia",
        ]
        .map(String::from)
        .to_vec(),
        places: [
            "Vårdcentralen Tullhus",
            "Kvinnojouren Frida",
            "Björkdalsskolan",
            "Hemlighetsgatan 7",
            "Förskolan Solrosen",
        ]
        .map(String::from)
        .to_vec(),
    }
}

/// Texts with planted identifiers and exactly the hits expected, in order.
const PLANTED: &[(&str, &[(HitKind, &str)])] = &[
    // --- known names: case, inflection, diacritics, hyphens, full names ---
    ("Anna har berättat om händelsen.", &[(Namn, "Anna")]),
    ("ANNA ringde igen i morse.", &[(Namn, "ANNA")]),
    ("Jag träffade anna i väntrummet.", &[(Namn, "anna")]),
    ("Annas barn går i förskolan.", &[(Namn, "Annas")]),
    ("Det var Anna:s idé att flytta.", &[(Namn, "Anna:s")]),
    ("Det var ANNA:S idé.", &[(Namn, "ANNA:S")]),
    ("Anna's dotter var med på mötet.", &[(Namn, "Anna's")]),
    ("Lars' bil stod parkerad utanför.", &[(Namn, "Lars'")]),
    ("Lars’ mamma hörde av sig.", &[(Namn, "Lars’")]),
    ("Lars:s arbetsgivare är informerad.", &[(Namn, "Lars:s")]),
    ("Svenssons lägenhet är uppsagd.", &[(Namn, "Svenssons")]),
    (
        "Anna Maria Svensson kom till mötet.",
        &[(Namn, "Anna Maria Svensson")],
    ),
    (
        "Enligt anna maria svensson själv är det lugnt.",
        &[(Namn, "anna maria svensson")],
    ),
    (
        "Anna Svensson har ringt.",
        &[(Namn, "Anna"), (Namn, "Svensson")],
    ),
    ("Maria har inte svarat.", &[(Namn, "Maria")]),
    ("Asa har inte kommit till samtalet.", &[(Namn, "Asa")]),
    ("Mötet med Ozturk sköts upp.", &[(Namn, "Ozturk")]),
    ("Öztürks advokat är informerad.", &[(Namn, "Öztürks")]),
    ("asa ozturk ringde.", &[(Namn, "asa ozturk")]),
    // stored as "Jose Garcia", written with diacritics
    ("José García var med som tolk.", &[(Namn, "José García")]),
    ("García har lämnat landet.", &[(Namn, "García")]),
    // decomposed é (e + U+0301)
    ("Jose\u{301} kom sent.", &[(Namn, "Jose\u{301}")]),
    ("Anna-Karin vill ha stöd.", &[(Namn, "Anna-Karin")]),
    (
        "Anna-Karins son har fått en plats.",
        &[(Namn, "Anna-Karins")],
    ),
    ("Vännerna kallar henne Karin.", &[(Namn, "Karin")]),
    ("Björk har sagt upp kontakten.", &[(Namn, "Björk")]),
    ("Mötet med Eva Ek hölls i går.", &[(Namn, "Eva Ek")]),
    ("Hon pratade med eva ek om saken.", &[(Namn, "eva ek")]),
    ("Kontakten med Berg har brutits.", &[(Namn, "Berg")]),
    ("Bergs advokat har begärt anstånd.", &[(Namn, "Bergs")]),
    ("Pappan har besökt Hans på jobbet.", &[(Namn, "Hans")]),
    ("Bo har lämnat landet.", &[(Namn, "Bo")]),
    ("Mohammed har ringt flera gånger.", &[(Namn, "Mohammed")]),
    ("Al-Hassan är vårdnadshavare.", &[(Namn, "Al-Hassan")]),
    ("Familjen Hassan har flyttat.", &[(Namn, "Hassan")]),
    ("Klara Lind är kontaktperson.", &[(Namn, "Klara Lind")]),
    ("Hon har pratat med Lind.", &[(Namn, "Lind")]),
    ("EK och STRAND var där.", &[(Namn, "EK"), (Namn, "STRAND")]),
    ("Det sa Nilsson.", &[(Namn, "Nilsson")]),
    // --- known places: multi-word, distinctive part, compounds, stems ---
    (
        "Hon får stöd på Vårdcentralen Tullhus.",
        &[(Plats, "Vårdcentralen Tullhus")],
    ),
    ("Hon går till Tullhus varje vecka.", &[(Plats, "Tullhus")]),
    (
        "hon brukar gå till tullhus på morgonen.",
        &[(Plats, "tullhus")],
    ),
    // a soft hyphen from a word processor
    ("Hon går till Tull\u{ad}hus.", &[(Plats, "Tull\u{ad}hus")]),
    ("Barnen går på Tullhusskolan.", &[(Plats, "Tullhusskolan")]),
    (
        "Tullhusskolans rektor har ringt.",
        &[(Plats, "Tullhusskolans")],
    ),
    (
        "Hon bodde hos Kvinnojouren Frida.",
        &[(Plats, "Kvinnojouren Frida")],
    ),
    ("Fridas personal har hjälpt till.", &[(Plats, "Fridas")]),
    (
        "Barnet går på Björkdalsskolan.",
        &[(Plats, "Björkdalsskolan")],
    ),
    (
        "Familjen bodde i Björkdal tidigare.",
        &[(Plats, "Björkdal")],
    ),
    (
        "Hon har träffat personal från bjorkdalsskolan.",
        &[(Plats, "bjorkdalsskolan")],
    ),
    (
        "Sonen är på förskolan Solrosen.",
        &[(Plats, "förskolan Solrosen")],
    ),
    ("Solrosens personal är informerad.", &[(Plats, "Solrosens")]),
    (
        "Hon har flyttat från Hemlighetsgatan 7.",
        &[(Plats, "Hemlighetsgatan 7")],
    ),
    // --- personnummer and samordningsnummer ---
    (
        "Personnummer 850312-1234 finns i akten.",
        &[(Personnummer, "850312-1234")],
    ),
    (
        "Kvinnans nummer är 8503121234.",
        &[(Personnummer, "8503121234")],
    ),
    ("Pnr: 19850312-1234.", &[(Personnummer, "19850312-1234")]),
    (
        "Pnr 198503121234 står på blanketten.",
        &[(Personnummer, "198503121234")],
    ),
    (
        "Mormor har 190312+1234 enligt Skatteverket.",
        &[(Personnummer, "190312+1234")],
    ),
    (
        "Numret 850312 1234 var felskrivet.",
        &[(Personnummer, "850312 1234")],
    ),
    (
        "Samordningsnummer 850372-1234.",
        &[(Personnummer, "850372-1234")],
    ),
    (
        "Barnets nummer 170523–4567 finns i BBIC.",
        &[(Personnummer, "170523–4567")],
    ),
    (
        "Med fel kontrollsiffra: 850312-1235.",
        &[(Personnummer, "850312-1235")],
    ),
    (
        "Sonen har 0903151234 som nummer.",
        &[(Personnummer, "0903151234")],
    ),
    ("Dottern har 051231-1234.", &[(Personnummer, "051231-1234")]),
    (
        "Ur journalen: 1985-03-12-1234.",
        &[(Personnummer, "1985-03-12-1234")],
    ),
    (
        "Personnr 850312 - 1234 enligt intyget.",
        &[(Personnummer, "850312 - 1234")],
    ),
    (
        "Hon är född 19850312 enligt journalen.",
        &[(Datum, "19850312")],
    ),
    // --- phone numbers ---
    (
        "Ring henne på 070-123 45 67.",
        &[(Telefon, "070-123 45 67")],
    ),
    ("Mobil 0701234567.", &[(Telefon, "0701234567")]),
    (
        "Mobil 070 123 45 67 efter kl. 16.",
        &[(Telefon, "070 123 45 67")],
    ),
    (
        "Numret är +46 70 123 45 67.",
        &[(Telefon, "+46 70 123 45 67")],
    ),
    ("Numret är +46701234567.", &[(Telefon, "+46701234567")]),
    (
        "Numret är 0046 70 123 45 67.",
        &[(Telefon, "0046 70 123 45 67")],
    ),
    ("Ring 019-12 34 56 för tid.", &[(Telefon, "019-12 34 56")]),
    ("Växeln har 08-123 456 78.", &[(Telefon, "08-123 456 78")]),
    ("Växeln har 08 - 12 34 56.", &[(Telefon, "08 - 12 34 56")]),
    ("Ring (019) 12 34 56.", &[(Telefon, "(019) 12 34 56")]),
    (
        "Ring +46 (0)70-123 45 67.",
        &[(Telefon, "+46 (0)70-123 45 67")],
    ),
    (
        "Pappans nummer 070-1234567 är spärrat.",
        &[(Telefon, "070-1234567")],
    ),
    (
        "Mormor i Norge har +47 912 34 567.",
        &[(Telefon, "+47 912 34 567")],
    ),
    (
        "Numren tel.0701234567 och tel:070-765 43 21.",
        &[(Telefon, "0701234567"), (Telefon, "070-765 43 21")],
    ),
    (
        "Två nummer: 070-123 45 67 070-765 43 21.",
        &[(Telefon, "070-123 45 67"), (Telefon, "070-765 43 21")],
    ),
    (
        "Två nummer: 070-123 45 67/08-12 34 56.",
        &[(Telefon, "070-123 45 67"), (Telefon, "08-12 34 56")],
    ),
    (
        "Hon ringde 0701234567 2 gånger.",
        &[(Telefon, "0701234567")],
    ),
    // --- street addresses, c/o, box ---
    ("Hon bor på Storgatan 12B.", &[(Adress, "Storgatan 12B")]),
    (
        "Hon bodde på Rosengatan 7 i två år.",
        &[(Adress, "Rosengatan 7")],
    ),
    (
        "Adressen är Vasavägen 3 lgh 1101.",
        &[(Adress, "Vasavägen 3 lgh 1101")],
    ),
    (
        "Hon har setts på Drottninggatan.",
        &[(Adress, "Drottninggatan")],
    ),
    (
        "pappan bor på björkvägen 5 sedan i fjol.",
        &[(Adress, "björkvägen 5")],
    ),
    ("Mötet var vid Stortorget.", &[(Adress, "Stortorget")]),
    (
        "En lägenhet på Kungsgatan 12 B, 3 tr.",
        &[(Adress, "Kungsgatan 12 B")],
    ),
    ("Hon bor på Vasa allé 4.", &[(Adress, "Vasa allé 4")]),
    (
        "Huset ligger på Gamla vägen 12.",
        &[(Adress, "Gamla vägen 12")],
    ),
    ("Hon bor på Ekbacken 3.", &[(Adress, "Ekbacken 3")]),
    (
        "Hon har flyttat till Kungsplan 2.",
        &[(Adress, "Kungsplan 2")],
    ),
    (
        "Hon bor vid Stationsplatsen nu.",
        &[(Adress, "Stationsplatsen")],
    ),
    (
        "Post skickas c/o Nilsson i stället.",
        &[(Adress, "c/o Nilsson")],
    ),
    ("Svar till Box 123.", &[(Adress, "Box 123")]),
    ("Svar till Postbox 45.", &[(Adress, "Postbox 45")]),
    (
        "Skolgatan 4 är hennes gamla adress.",
        &[(Adress, "Skolgatan 4")],
    ),
    // every street suffix
    (
        "Tidigare adresser: Kvarngränd 3, Smedsgränden 5, Fisktorget 1, Hötorg 2.",
        &[
            (Adress, "Kvarngränd 3"),
            (Adress, "Smedsgränden 5"),
            (Adress, "Fisktorget 1"),
            (Adress, "Hötorg 2"),
        ],
    ),
    (
        "Hon har setts vid Ekbacken, Björnstigen, Lindallén, Vasa allé 4 och Eriksleden.",
        &[
            (Adress, "Ekbacken"),
            (Adress, "Björnstigen"),
            (Adress, "Lindallén"),
            (Adress, "Vasa allé 4"),
            (Adress, "Eriksleden"),
        ],
    ),
    (
        "Han väntade på Kyrkogången, Stationsplan, Järntorgsplatsen och Strandesplanaden.",
        &[
            (Adress, "Kyrkogången"),
            (Adress, "Stationsplan"),
            (Adress, "Järntorgsplatsen"),
            (Adress, "Strandesplanaden"),
        ],
    ),
    (
        "Möten skedde vid Hamnkajen, Älvstråket, Strandpromenaden, Solliden och Granhöjden.",
        &[
            (Adress, "Hamnkajen"),
            (Adress, "Älvstråket"),
            (Adress, "Strandpromenaden"),
            (Adress, "Solliden"),
            (Adress, "Granhöjden"),
        ],
    ),
    (
        "Hon bor i Ekslingan, nära Norrsvängen och Lindringen, på Parkväg 6 och Storgata 9.",
        &[
            (Adress, "Ekslingan"),
            (Adress, "Norrsvängen"),
            (Adress, "Lindringen"),
            (Adress, "Parkväg 6"),
            (Adress, "Storgata 9"),
        ],
    ),
    (
        "Hon bor på Björnstigen 14A.",
        &[(Adress, "Björnstigen 14A")],
    ),
    (
        "Vid Storgatans korsning står han ofta.",
        &[(Adress, "Storgatans")],
    ),
    ("Skolvägen 5 är hennes adress.", &[(Adress, "Skolvägen 5")]),
    (
        "Hon har setts på Hemvägen vid flera tillfällen.",
        &[(Adress, "Hemvägen")],
    ),
    // --- postal codes ---
    (
        "Adress: Storgatan 12, 702 11 Örebro.",
        &[
            (Adress, "Storgatan 12"),
            (Postnummer, "702 11"),
            (Ort, "Örebro"),
        ],
    ),
    (
        "Post till 70211 Örebro.",
        &[(Postnummer, "70211"), (Ort, "Örebro")],
    ),
    (
        "Hennes postnummer 702 11 är känt av pappan.",
        &[(Postnummer, "702 11")],
    ),
    ("Postnr: 70211.", &[(Postnummer, "70211")]),
    // --- e-mail ---
    (
        "Mejla anna.svensson@exempel.se i dag.",
        &[(Epost, "anna.svensson@exempel.se")],
    ),
    (
        "Hennes adress är åsa.öberg@kommun.se.",
        &[(Epost, "åsa.öberg@kommun.se")],
    ),
    (
        "Kontakt: mamma_2019@hotmail.com",
        &[(Epost, "mamma_2019@hotmail.com")],
    ),
    (
        "Skriv till kvinna [at] exempel.se.",
        &[(Epost, "kvinna [at] exempel.se")],
    ),
    // --- exact dates ---
    ("Händelsen inträffade 2026-11-29.", &[(Datum, "2026-11-29")]),
    ("Händelsen inträffade 29/11/2026.", &[(Datum, "29/11/2026")]),
    ("Händelsen inträffade 29.11.2026.", &[(Datum, "29.11.2026")]),
    (
        "Händelsen inträffade 29 november 2026.",
        &[(Datum, "29 november 2026")],
    ),
    ("Polisen kom den 3 mars.", &[(Datum, "3 mars")]),
    ("Polisen kom den 3:e mars.", &[(Datum, "3:e mars")]),
    ("Polisen kom den tredje mars.", &[(Datum, "tredje mars")]),
    ("Polisen kom den 3/11.", &[(Datum, "3/11")]),
    ("Polisen kom 29/11-26.", &[(Datum, "29/11-26")]),
    ("Polisen kom 03-11-2026.", &[(Datum, "03-11-2026")]),
    ("Polisen kom 2026/11/29.", &[(Datum, "2026/11/29")]),
    ("Beslut fattades 12 dec. 2025.", &[(Datum, "12 dec. 2025")]),
    // --- several in one text ---
    (
        "Anna (850312-1234) bor på Storgatan 12B, 702 11 Örebro, tel. 070-123 45 67, \
         e-post anna@exempel.se. Hon var på Tullhusskolan den 3 mars.",
        &[
            (Namn, "Anna"),
            (Personnummer, "850312-1234"),
            (Adress, "Storgatan 12B"),
            (Postnummer, "702 11"),
            (Ort, "Örebro"),
            (Telefon, "070-123 45 67"),
            (Epost, "anna@exempel.se"),
            (Plats, "Tullhusskolan"),
            (Datum, "3 mars"),
        ],
    ),
];

/// Ordinary Swedish social-work prose. Scanned with [`known`], every text passes except the
/// ones in [`DOCUMENTED_FALSE_POSITIVES`].
const ORDINARY: &[&str] = &[
    "Kvinnan, 30–39 år, har två barn i förskoleåldern.",
    "Våldet har pågått i flera år och har ökat den senaste tiden.",
    "Hon har skyddat boende sedan några veckor.",
    "Polisen har gjort en riskbedömning som visar hög risk.",
    "Barnen går i skolan.",
    "Mamman vill ha stöd i föräldraskapet.",
    "Pappan är vårdnadshavare och uppgiven våldsutövare.",
    "Socialtjänsten överväger en orosanmälan.",
    "Hon har ekonomiskt bistånd, 12 000 kr i månaden, och har fått tid hos vårdcentralen.",
    "Frågan är hur skolgången kan ordnas.",
    "Mötet hölls kl. 13.45. På vägen hem ringde hon kvinnojouren.",
    "Barnet har berättat att pappan slog mamman när hans syster sov.",
    "Kvinnan vill bo kvar i kommunen men är rädd att bli hittad.",
    "Hon har svårt att klara vardagen och får 2 000 kr per vecka.",
    "Enligt SoL 14 kap. 1 § ska socialtjänsten göra en anmälan.",
    "Utredningen enligt 11 kap. 1 § SoL inleddes i mars och avslutades i maj 2026.",
    "Barnet är fött 2019 och går i förskoleklass.",
    "Riskbedömningen med FREDA visar att 8 av 15 riskfaktorer är uppfyllda.",
    "Ungefär 40 % av tiden bor barnen hos mamman.",
    "Hon har en skuld på 1 200 000 kr till Kronofogden.",
    "Partnern har tidigare dömts för misshandel och ofredande.",
    "Hon har blåmärken runt handleden och på överarmen.",
    "Handlingsplan och säkerhetsplan ska tas fram till nästa möte.",
    "Förändringen i barnets beteende märktes av personalen på förskolan.",
    "Skolvägen är ett problem eftersom pappan brukar vänta där.",
    "Hon går en omväg på hemvägen för att inte bli förföljd.",
    "Barnen leker ute på gatan ibland och på torget på lördagar.",
    "Arbetsplatsen har informerats om hotbilden i förväg.",
    "Planeringen av flytten sker i samråd med Polisen.",
    "Mötet varade 1,5 timme och leddes av handläggaren.",
    "Kvinnan har varit sjukskriven på 50 procent sedan vecka 12.",
    "Barnen är 4 och 7 år gamla.",
    "Hon tar bussen till arbetet varje dag kl. 07.30 och är hemma kl 17:15.",
    "Ett samtal är bokat kl. 08.30–10.00 med BUP.",
    "Hon har sökt stöd hos Brottsofferjouren och Kvinnofridslinjen.",
    "Hon har fått hjälp med ansökan till Försäkringskassan och Arbetsförmedlingen.",
    "Barnen har inte träffat pappan sedan i höstas.",
    "Hyran är 8 500 kr per månad och betalas via försörjningsstöd.",
    // documented false positive 1: an ordinary word that is a known name, capitalised
    "Hans mamma har tidigare haft kontakt med socialtjänsten.",
    // documented false positive 2: a city that is a known surname
    "Hon har släkt i Lund men vill inte flytta dit.",
    "Det är ett berg av papper som behöver gås igenom.",
    "Utanför fönstret står en björk och på sommaren går de till stranden.",
    "De brukar sitta under en stor ek i parken, och i somras var de på en strand.",
    "Hon kämpar för att klara av ekonomin och vill bo kvar.",
    "Barnets mående har blivit bättre under hösten.",
    "BBIC-utredningen visar att barnet har behov av stöd i skolan.",
    "Elevhälsan och mentorn har varit delaktiga.",
    "Kvinnan har god förmåga att skydda barnen, men hon är utmattad.",
    "Under 2025 gjordes tre orosanmälningar och läsåret 2025/26 har varit oroligt.",
    "Samtalen har skett varannan vecka sedan januari.",
    "Hon vill att mötet hålls på en neutral plats, inte på kontoret.",
    "Pappan har kontaktat skolan flera gånger och krävt att få veta var barnen bor.",
    "Beslut om insats enligt 4 kap. 1 § SoL fattades i november.",
    "Ärendet lyftes i samrådsgruppen för första gången.",
    "Hon har tidigare bott i ett annat län.",
    "Tolk på arabiska behövs vid alla möten.",
    "Barnet har diagnosen ADHD och behöver anpassningar i klassrummet.",
    "Risken för nytt våld bedöms som hög enligt SARA:SV.",
    "Kvinnan har varit i Sverige i 6 år och har permanent uppehållstillstånd.",
    "Hennes telefonnummer och adress är skyddade i folkbokföringen.",
    "Postnumret och e-postadressen har inte lämnats ut.",
    "Barnen har varit på semester med mamman i två veckor.",
    "Skolsköterskan har noterat att barnet ofta är trött och hungrigt.",
    "En LVU-ansökan övervägs om situationen inte förbättras.",
    "Mamman och barnen har fått en ny lägenhet genom kommunens bostadssociala enhet.",
    "Hon ringde 112 vid det senaste tillfället och polisen kom efter 20 minuter.",
    "Ersättningen höjdes med 2,5 procent från årsskiftet.",
    "Kvällspromenaden med hunden är den enda tid hon är ensam.",
    "Pappans nya partner har två barn sedan tidigare.",
    "Hon har fått ett larm via polisen och skyddade personuppgifter.",
    "Vi ses igen om tre veckor för att följa upp genomförandeplanen.",
    "Barnen bodde hos mormor under sportlovet, vecka 9.",
    "Mamman säger att hon mår bättre nu än för ett år sedan.",
    "Samtalet spelades inte in. Tid: 45 minuter.",
    "Hon har haft 3–4 kontakter med psykiatrin under året.",
    "Pappan har tagit hans telefon och läst meddelandena.",
    "Dag för dag blir det lite lättare, säger hon.",
    "Kostnaden för skyddat boende är 2 300 kr per dygn.",
    "Hon vill ha hjälp med vårdnadstvisten i tingsrätten.",
    "Barn i åldern 0–3 år har rätt till BVC och barn 0-6 år till förskola.",
    "Mötet är flyttat till vecka 48, och nästa samråd blir i början av december.",
    "Hon berättar att han ofta tog omvägen förbi hennes arbetsplats.",
    "Barnen åker skolskjuts, och skolvägen tar 40 minuter.",
    "Efter utvärderingen och kartläggningen fattas beslut om fortsatt placering.",
    "Våldet började 2019 och eskalerade under 2023–2024.",
    "Hon fick 3 000 kr i nödbistånd och 1 500 kr till mat.",
    "Genomförandeplanen följs upp var sjätte månad enligt rutinen.",
    "Pappan dömdes till 1 år och 6 månaders fängelse.",
    "Kvinnan är 34 år och barnen 3, 6 och 9 år.",
    "Barnen är 10-12-14 år och delar rum.",
    "Ärendet har nummer 850312 i verksamhetssystemet och 4 bilagor.",
    "Hon kom hem kl 0800 och gick igen 1700.",
    "Pappan har skulder på 1 000 000 000 kr enligt honom själv, vilket inte stämmer.",
    "Hon tar tåget, för järnvägen går nära, men grusvägen till stationen är mörk.",
    "Riskbedömningen 2026-03 visar att 3/5 av faktorerna finns, och 24/7-stöd behövs.",
    "Mötet hölls 10.00-11.30 och nästa möte kl. 13.05-14.00.",
];

/// Texts of [`ORDINARY`] that are hits by a deliberate decision (ambiguous names are matched
/// whenever capitalised, also at the start of a sentence), with the hit each one gives.
const DOCUMENTED_FALSE_POSITIVES: &[(&str, (HitKind, &str))] = &[
    (
        "Hans mamma har tidigare haft kontakt med socialtjänsten.",
        (Namn, "Hans"),
    ),
    (
        "Hon har släkt i Lund men vill inte flytta dit.",
        (Namn, "Lund"),
    ),
];

fn kinds_and_texts(hits: &[Hit]) -> Vec<(HitKind, String)> {
    hits.iter().map(|h| (h.kind, h.text.clone())).collect()
}

fn expected(exp: &[(HitKind, &str)]) -> Vec<(HitKind, String)> {
    exp.iter().map(|&(k, t)| (k, t.to_owned())).collect()
}

fn check_invariants(text: &str, hits: &[Hit]) {
    let mut last_end = 0;
    for h in hits {
        assert!(h.start < h.end, "empty hit {h:?}");
        assert!(h.start >= last_end, "overlap or unsorted at {h:?}");
        assert!(text.is_char_boundary(h.start) && text.is_char_boundary(h.end));
        assert_eq!(text.get(h.start..h.end), Some(h.text.as_str()));
        last_end = h.end;
    }
}

#[test]
fn planted_identifiers_are_found_exactly() {
    assert!(PLANTED.len() >= 60, "only {} planted texts", PLANTED.len());
    let known = known();
    let mut failures = Vec::new();
    for &(text, exp) in PLANTED {
        let hits = scan(text, &known);
        check_invariants(text, &hits);
        if kinds_and_texts(&hits) != expected(exp) {
            failures.push(format!(
                "{text:?}\n  got      {:?}\n  expected {exp:?}",
                kinds_and_texts(&hits)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn ordinary_text_is_not_blocked() {
    assert!(
        ORDINARY.len() >= 60,
        "only {} ordinary texts",
        ORDINARY.len()
    );
    let known = known();
    let mut failures = Vec::new();
    for &text in ORDINARY {
        let hits = kinds_and_texts(&scan(text, &known));
        let allowed: Vec<(HitKind, String)> = DOCUMENTED_FALSE_POSITIVES
            .iter()
            .filter(|(t, _)| *t == text)
            .map(|&(_, (k, h))| (k, h.to_owned()))
            .collect();
        if hits != allowed {
            failures.push(format!("{text:?}\n  got {hits:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn recall_and_false_positive_rate() {
    let known = known();
    let planted: usize = PLANTED.iter().map(|(_, e)| e.len()).sum();
    let found: usize = PLANTED
        .iter()
        .map(|&(text, exp)| {
            let hits = kinds_and_texts(&scan(text, &known));
            expected(exp).iter().filter(|e| hits.contains(e)).count()
        })
        .sum();
    let flagged = ORDINARY
        .iter()
        .filter(|t| !scan(t, &known).is_empty())
        .count();
    let recall = found as f64 / planted as f64;
    let fp_rate = flagged as f64 / ORDINARY.len() as f64;
    println!(
        "identifierare: {found} av {planted} hittade i {} texter, recall = {recall:.3}",
        PLANTED.len()
    );
    println!(
        "vanlig text: {flagged} av {} texter med träffar, falsk-positiv-andel = {fp_rate:.3} \
         (dokumenterade: {})",
        ORDINARY.len(),
        DOCUMENTED_FALSE_POSITIVES.len()
    );
    assert_eq!(found, planted, "recall must be 1.0");
    assert_eq!(flagged, DOCUMENTED_FALSE_POSITIVES.len());
}

/// Issue 8 (fuzz finding): a phone number right after a word that ends in a digit was taken
/// from that digit ("0 070-123 45") and could lose to an overlapping name. Now the whole number
/// is found, and a number glued to letters is still a number.
#[test]
fn issue8_a_phone_number_after_a_word_ending_in_a_digit_is_found_whole() {
    let known = Known {
        names: vec!["Vera a0".into()],
        places: vec![],
    };
    for (text, k) in [
        ("Ring a0 070-123 45 67 i kväll", Known::default()),
        ("Rum3 070-123 45 67 är hennes", Known::default()),
        ("Kod07 070-123 45 67 gäller", Known::default()),
        ("Kod070 070-123 45 67 gäller", Known::default()),
        ("Vera a0 070-123 45 67 svarar", known),
    ] {
        let hits = kinds_and_texts(&scan(text, &k));
        assert!(
            hits.contains(&(Telefon, "070-123 45 67".to_owned())),
            "{text}: {hits:?}"
        );
    }
    let hits = kinds_and_texts(&scan("tel070-1234567", &Known::default()));
    assert_eq!(hits, expected(&[(Telefon, "070-1234567")]));
}

#[test]
fn without_known_numbers_phones_mail_and_addresses_are_still_found() {
    let text = "Anna, 850312-1234, bor på Storgatan 12B, 702 11 Örebro. Ring 070-123 45 67 \
                eller skriv till anna@exempel.se före 2026-11-29. Förr Hemlighetsgatan 7.";
    let hits = kinds_and_texts(&scan(text, &Known::default()));
    assert_eq!(
        hits,
        expected(&[
            (Personnummer, "850312-1234"),
            (Adress, "Storgatan 12B"),
            (Postnummer, "702 11"),
            (Ort, "Örebro"),
            (Telefon, "070-123 45 67"),
            (Epost, "anna@exempel.se"),
            (Datum, "2026-11-29"),
            (Adress, "Hemlighetsgatan 7"),
        ])
    );
}

#[test]
fn generic_words_of_places_do_not_count_alone() {
    let known = known();
    for text in [
        "Hon har fått tid på Vårdcentralen.",
        "Kvinnojouren har plats från nästa vecka.",
        "Förskolan har kallat till möte.",
        "Skolan och Socialtjänsten samarbetar.",
    ] {
        assert_eq!(scan(text, &known), Vec::new(), "{text}");
    }
    // An entry made only of generic words is ignored; a single letter never counts.
    let only_generic = Known {
        names: vec!["Mamma".into(), "A".into()],
        places: vec!["Kvinnojouren".into(), "Skolan i".into()],
    };
    assert_eq!(
        scan(
            "Mamma A ringde Kvinnojouren och skolan i dag.",
            &only_generic
        ),
        Vec::new()
    );
}

#[test]
fn reasons_are_swedish_and_say_what_to_do() {
    let text = "Anna på Tullhus, 850312-1234, 070-123 45 67, Storgatan 1, anna@exempel.se, \
                702 11 Örebro, 2026-11-29.";
    let hits = scan(text, &known());
    let kinds: HashSet<HitKind> = hits.iter().map(|h| h.kind).collect();
    assert_eq!(kinds.len(), 9, "{hits:?}");
    for h in &hits {
        assert!(h.reason.starts_with(&format!("«{}»", h.text)), "{h:?}");
        assert!(
            h.reason.contains("Ta bort") || h.reason.contains("Skriv"),
            "{h:?}"
        );
    }
    let date = hits
        .iter()
        .find(|h| h.kind == Datum)
        .map(|h| h.reason.as_str());
    assert!(date.is_some_and(|r| r.contains("för tre veckor sedan")));
}

#[test]
fn patterns_compile() {
    for r in [
        &*PERSONNUMMER,
        &*DATE_ISO,
        &*DATE_8,
        &*DATE_DMY,
        &*DATE_WORDS,
        &*DATE_ORDINAL,
        &*DATE_SLASH,
        &*PHONE,
        &*POSTAL_TOWN,
        &*POSTAL_WORD,
        &*EMAIL,
        &*WORD,
        &*HOUSE_NUMBER,
        &*CARE_OF,
        &*BOX,
    ] {
        assert!(!r.as_str().is_empty());
    }
}

fn small_text() -> impl Strategy<Value = String> {
    // Characters that exercise every rule: digits, separators, Swedish letters, a combining
    // mark, genitive marks, address and e-mail punctuation, a multi-char lower-case (İ, ẞ).
    "[0-9 +\\-–()/.:@'’a-zA-ZåäöÅÄÖéü\u{301}İẞ\n]{0,60}"
}

fn known_strategy() -> impl Strategy<Value = Known> {
    let term = prop_oneof![any::<String>(), small_text()];
    (
        proptest::collection::vec(term.clone(), 0..6),
        proptest::collection::vec(term, 0..6),
    )
        .prop_map(|(names, places)| Known { names, places })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn never_panics_and_offsets_are_sane(
        text in prop_oneof![any::<String>(), small_text()],
        known in known_strategy(),
    ) {
        let hits = scan(&text, &known);
        check_invariants(&text, &hits);
    }

    #[test]
    fn known_words_taken_from_the_text_are_sane(text in small_text()) {
        // Known terms cut from the text itself, so that they match.
        let words: Vec<String> = text.split_whitespace().map(String::from).collect();
        let known = Known { names: words.clone(), places: words };
        let hits = scan(&text, &known);
        check_invariants(&text, &hits);
    }
}

// ---------------------------------------------------------------------------------------
// Fuzz target (issue 8): proptest with a large case count (`cargo fuzz` needs nightly). CI
// runs the default count; `TRYGGPLAN_FUZZ_CASES=<n>` runs more locally.

/// Characters whose lower case or folding changes length in bytes or characters (İ → i̇,
/// Kelvin sign → k, Ångström sign → å, ß → ss, ligatures), other scripts' digits and
/// letters, combining marks, right-to-left and invisible characters, and the rules' own
/// punctuation.
fn awkward_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => proptest::sample::select(vec![
            'İ', 'ẞ', 'ß', 'ı', 'ﬀ', 'ﬃ', 'ŉ', 'ǅ', 'ΐ', 'ς', 'Σ', '\u{212A}', '\u{212B}', 'Ꭰ',
            'Å', 'ø', 'æ', 'é', 'ü', '\u{301}', '\u{308}', '\u{5D0}', '\u{627}', '\u{200F}',
            '\u{202E}', '\u{200B}', '\u{FEFF}', '\u{A0}', '\u{3000}', '\u{FF10}', '\u{FF15}',
            '\u{663}', '\u{1D7CE}', '😀', '\u{200D}', '\n', '\t', '\r', '\0', '@', '.', '-', '–',
            '+', '(', ')', '/', ':', '\'', '’', ' ', ' ', ' ',
        ]),
        4 => proptest::char::range('0', '9'),
        3 => proptest::char::range('a', 'z'),
        1 => proptest::char::range('A', 'Z'),
        2 => any::<char>(),
    ]
}

/// Identifier-like pieces among arbitrary ones, up to about 10 000 characters.
fn scanner_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => proptest::collection::vec(awkward_char(), 1..12)
            .prop_map(|v| v.into_iter().collect::<String>()),
        1 => proptest::sample::select(vec![
            "811218-9876", "19811218 9876", "701063-2391", "070-123 45 67", "+46 70 123 45 67",
            "anna@exempel.se", "anna [at] exempel.se", "2026-11-29", "29/11-26", "den 3 mars",
            "Storgatan 12 B lgh 1102", "c/o Berg", "Box 123", "702 11 Örebro", "Anna:s",
            "Åsa Öztürk", "Tullhusskolans", "ANNA-KARIN", "Hans", "Lund",
            "Hudiksvalls", "Upplands-Väsby", "Göteborgsområdet", "Malmö:s", "i Vara", "Tranas",
        ])
        .prop_map(String::from),
        1 => any::<String>(),
    ];
    prop_oneof![
        8 => proptest::collection::vec(piece.clone(), 0..30).prop_map(|v| v.concat()),
        1 => proptest::collection::vec(piece, 500..1_200).prop_map(|v| {
            v.concat().chars().take(10_000).collect::<String>()
        }),
        1 => proptest::collection::vec(awkward_char(), 10_000)
            .prop_map(|v| v.into_iter().collect::<String>()),
    ]
}

/// The realistic names and places, plus terms made of the same awkward characters (or cut
/// from the text itself, so that they match).
fn fuzz_known() -> impl Strategy<Value = (Known, bool)> {
    let term = prop_oneof![
        proptest::collection::vec(awkward_char(), 1..10)
            .prop_map(|v| v.into_iter().collect::<String>()),
        small_text(),
    ];
    (
        proptest::collection::vec(term.clone(), 0..4),
        proptest::collection::vec(term, 0..4),
        any::<bool>(),
    )
        .prop_map(|(names, places, from_text)| {
            let mut k = known();
            k.names.extend(names);
            k.places.extend(places);
            (k, from_text)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(crate::testkit::fuzz_cases(300)))]

    /// Never panics; hits are sorted, never overlap, lie on character boundaries and are the
    /// text they say; each reason quotes its hit; the same text gives the same hits. An
    /// identifier set apart by spaces anywhere in the text is covered by a hit.
    #[test]
    fn fuzz_scanner_hits_are_sane_on_arbitrary_text(
        text in scanner_text(),
        (mut known, from_text) in fuzz_known(),
        planted in proptest::sample::select(vec![
            "811218-9876", "070-123 45 67", "anna@exempel.se", "2026-11-29", "Storgatan 12",
            "Åsa Öztürk",
        ]),
        at in any::<proptest::sample::Index>(),
    ) {
        if from_text {
            known.names.extend(text.split_whitespace().take(20).map(String::from));
            known.places.extend(text.split_whitespace().rev().take(20).map(String::from));
        }
        // Every candidate lies on character boundaries (`resolve` would otherwise drop it
        // without a word, and a missed identifier costs more than a false one).
        let mut found = Vec::new();
        find_known(&text, &known, &mut found);
        find_personnummer(&text, &mut found);
        find_dates(&text, &mut found);
        find_phones(&text, &mut found);
        find_postal_codes(&text, &mut found);
        find_email(&text, &mut found);
        find_addresses(&text, &mut found);
        for &(kind, s, e) in &found {
            prop_assert!(
                s < e && text.is_char_boundary(s) && text.is_char_boundary(e),
                "{kind:?} {s}..{e} in {text:?}"
            );
        }
        let hits = scan(&text, &known);
        check_invariants(&text, &hits);
        for h in &hits {
            prop_assert!(h.reason.starts_with(&format!("«{}»", h.text)), "{h:?}");
        }
        prop_assert_eq!(&scan(&text, &known), &hits);

        // Plant an identifier at a character boundary, with a space on each side.
        let bounds: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        let cut = bounds[at.index(bounds.len())];
        let with = format!("{} {planted} {}", &text[..cut], &text[cut..]);
        let (start, end) = (cut + 1, cut + 1 + planted.len());
        let hits = scan(&with, &known);
        check_invariants(&with, &hits);
        // Also after a word that ends in a digit ("a0 070-123 45 67"): once a gap, found by
        // this target (issue 8) and fixed in `find_phones`.
        prop_assert!(
            hits.iter().any(|h| h.start < end && start < h.end),
            "{planted:?} not found in {with:?}: {hits:?}"
        );
    }
}
