//! The laws the app's texts cite, in one place. Every user-facing text that names a law takes
//! the name from here, so a change of the law (as on 2025-07-01, when a new social services act
//! came into force) is one edit; a test fails when a text elsewhere spells a chapter, a section
//! or an act's number by hand.
//!
//! What is cited, and where it was checked (the agreements in `docs/DOMAIN.md` still use the
//! numbering of the act they were written under):
//!
//! - **The social services act in force** is socialtjänstlagen (2025:400), in force from
//!   2025-07-01; it replaced socialtjänstlagen (2001:453) — prop. 2024/25:89 "En förebyggande
//!   socialtjänstlag" (the new act replaces the old one; the proposals come into force on
//!   2025-07-01).
//! - **The duty to report concern for a child** (old SoL 14 kap. 1 §) is in
//!   socialtjänstlagen (2025:400): prop. 2025/26:12 "Stärkt skydd för barn som riskerar att
//!   fara illa" speaks of those who are "skyldiga enligt socialtjänstlagen (2025:400) att
//!   genast anmäla till socialnämnden om de i sin verksamhet får kännedom om eller misstänker
//!   att ett barn far illa". The chapter and section of that duty in the new act could not be
//!   verified from a source here, so no text names them: the texts cite the act.
//! - **SIP** (old SoL 2 kap. 7 §): in health care, 16 kap. 4 § hälso- och sjukvårdslagen
//!   (2017:30) (Socialstyrelsen, "Frågor och svar om samordnad individuell plan, SIP"). The
//!   social services' side was carried into the new act (Socialstyrelsen: "Nästan alla
//!   bestämmelser i 2001 års lag förs över till den nya lagen"), but its chapter and section
//!   there could not be verified here either; it is cited by the act.

/// The social services act in force, as a text names it. A macro so that `concat!` can build
/// constant texts with it.
macro_rules! social_services_act {
    () => {
        "socialtjänstlagen (2025:400)"
    };
}

/// The social services act in force: "socialtjänstlagen (2025:400)".
pub const SOCIAL_SERVICES_ACT: &str = social_services_act!();

/// The day [`SOCIAL_SERVICES_ACT`] came into force.
pub const SOCIAL_SERVICES_ACT_IN_FORCE: &str = "2025-07-01";

/// The act it replaced, which the agreements still cite.
pub const REPLACED_SOCIAL_SERVICES_ACT: &str = "socialtjänstlagen (2001:453)";

/// The health care act.
pub const HEALTH_CARE_ACT: &str = "hälso- och sjukvårdslagen (2017:30)";

/// Where the duty to report concern for a child is: "anmälningsplikten enligt
/// socialtjänstlagen (2025:400)" (chapter and section unverified, see the module doc).
pub const REPORT_DUTY: &str = concat!("anmälningsplikten enligt ", social_services_act!());

/// Where a SIP is required: the health care act's section and the social services act.
pub const SIP: &str = concat!(
    "16 kap. 4 § hälso- och sjukvårdslagen (2017:30) och ",
    social_services_act!()
);

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    #[test]
    fn the_act_in_force_is_the_one_of_2025() {
        assert_eq!(SOCIAL_SERVICES_ACT, "socialtjänstlagen (2025:400)");
        assert!(REPORT_DUTY.ends_with(SOCIAL_SERVICES_ACT));
        assert!(SIP.contains(HEALTH_CARE_ACT) && SIP.ends_with(SOCIAL_SERVICES_ACT));
        assert!(!REPORT_DUTY.contains("2001:453") && !SIP.contains("2001:453"));
    }

    /// A chapter ("14 kap."), a section ("1 §", "18 a §") or an act's number ("(2001:453)").
    fn citation() -> regex::Regex {
        regex::Regex::new(r"\d+\s*kap\.|\d+\s+(?:[a-z]\s+)?§|\((?:19|20)\d{2}:\d{1,4}\)").unwrap()
    }

    fn files(dir: &Path, ext: &[&str], out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                if p.file_name()
                    .is_some_and(|n| n == "bindings" || n == "tests")
                {
                    continue;
                }
                files(&p, ext, out);
            } else if p.extension().is_some_and(|x| ext.iter().any(|e| x == *e)) {
                out.push(p);
            }
        }
    }

    /// The lines of a source file that can carry user-facing text: no comments, no tests
    /// (test files, and an inline `#[cfg(test)] mod … {` to the end of the file).
    fn text_lines(path: &Path) -> Vec<(usize, String)> {
        let name = path.file_name().unwrap().to_string_lossy();
        if name == "tests.rs" || name.ends_with("_tests.rs") || name == "testkit.rs" {
            return Vec::new();
        }
        let src = std::fs::read_to_string(path).unwrap();
        let lines: Vec<&str> = src.lines().collect();
        let mut out = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            let t = line.trim_start();
            if t == "#[cfg(test)]"
                && lines[i + 1..]
                    .iter()
                    .map(|l| l.trim())
                    .find(|l| !l.is_empty())
                    .is_some_and(|l| l.starts_with("mod ") && l.ends_with('{'))
            {
                break;
            }
            let comment = ["//", "/*", "*", "<!--"].iter().any(|c| t.starts_with(c));
            if !comment {
                out.push((i + 1, (*line).to_owned()));
            }
        }
        out
    }

    /// Issue 19: the concern-report text cited "SoL 14 kap. 1 §" of an act no longer in force,
    /// spelled by hand in two places. Every citation a user can read comes from this module:
    /// no text of the core or of the UI spells a chapter, a section or an act's number outside
    /// it (comments and tests excepted: they cite the agreements and hold sample free text).
    #[test]
    fn no_text_outside_the_law_module_cites_a_chapter_or_section() {
        let core = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src");
        let mut paths = Vec::new();
        files(&core, &["rs"], &mut paths);
        let core_files = paths.len();
        files(&ui, &["svelte", "ts"], &mut paths);
        assert!(
            core_files > 50 && paths.len() > core_files + 20,
            "{paths:?}"
        );
        let re = citation();
        let me = core.join("law.rs");
        let mut found = Vec::new();
        for p in paths.iter().filter(|p| **p != me) {
            for (n, line) in text_lines(p) {
                if let Some(m) = re.find(&line) {
                    found.push(format!("{}:{n}: {}", p.display(), m.as_str()));
                }
            }
        }
        assert!(
            found.is_empty(),
            "cite the law through crate::law, not by hand:\n{}",
            found.join("\n")
        );
        // The scan sees what it must: the pattern finds each way of writing a citation.
        for cited in [
            "(SoL 14 kap. 1 §)",
            "2 kap. 7 §",
            "18 a § folkbokföringslagen",
            "lagen (2001:453)",
        ] {
            assert!(re.is_match(cited), "{cited}");
        }
        for plain in ["§12", "12 år", "kl. 14.00", "2026-11-30", "1 av 2"] {
            assert!(!re.is_match(plain), "{plain}");
        }
    }
}
