//! Rules live only in the core (issue 20): the UI asks the core for every limit, default and
//! date a rule gives, and computes none of them. This scans the UI's sources (the `.ts` files
//! and the `.svelte` files without their `<style>`) for date arithmetic and for the core's
//! rule numbers where a rule would be written: beside a unit ("12 år", "14 dagar"), as a
//! fallback (`?? 30`), a comparison (`>= 12`), an input's bound (`max="365"`), a default
//! ("Standard är 5") or a range ("mellan 1 och 30", "(3–20)"). The numbers are read from the
//! core, so the scan follows a rule that changes.

use std::path::{Path, PathBuf};

use tryggplan_core::{catalog, risk, rule_dates, text};
use tryggplan_systest::workspace_root;

/// Every `.ts` and `.svelte` file under `dir`, without the generated bindings.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        if p.is_dir() {
            if name != "bindings" && name != "node_modules" {
                sources(&p, out);
            }
        } else if name.ends_with(".ts") || name.ends_with(".svelte") {
            out.push(p);
        }
    }
}

/// `text` without its `<style>…</style>` blocks (CSS sizes are not rules).
fn without_style(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("<style") {
        out.push_str(&rest[..start]);
        match rest[start..].find("</style>") {
            Some(end) => rest = &rest[start + end + "</style>".len()..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

/// The rule numbers the core has, each with what it is.
fn rule_numbers() -> Vec<(u32, String)> {
    let l = catalog::rule_limits();
    let t = text::limits();
    let mut n = vec![
        (l.child_own_consent_age, "the age of a child's own consent"),
        (l.sip_warning_days_default, "the SIP warning's default days"),
        (l.sip_warning_days_max, "the SIP warning's most days"),
        (l.small_number_default, "the small-number limit's default"),
        (l.small_number_min, "the small-number limit's least"),
        (l.small_number_max, "the small-number limit's most"),
        (l.retention_years_default, "the retention period's default"),
        (l.retention_years_max, "the retention period's most years"),
        (
            l.backup_reminder_days_max,
            "the backup reminder's most days",
        ),
        (
            risk::rules::MAX_REASSESSMENT_MONTHS,
            "the latest reassessment (months)",
        ),
        (
            u32::try_from(risk::rules::SUGGESTED_REASSESSMENT_DAYS).unwrap(),
            "the suggested reassessment (days)",
        ),
        (t.detail, "the worker details' longest text"),
        (t.phone, "the longest phone number"),
        (t.short, "the longest short text"),
        (t.long, "the longest long text"),
        (365, "a year in days"),
        (366, "a leap year in days"),
    ];
    // One entry per number, naming every rule that has it ("30: the retention period's most
    // years / the suggested reassessment (days)").
    n.sort();
    let mut merged: Vec<(u32, String)> = Vec::new();
    for (v, what) in n {
        match merged.last_mut() {
            Some((last, names)) if *last == v => {
                names.push_str(" / ");
                names.push_str(what);
            }
            _ => merged.push((v, what.to_string())),
        }
    }
    merged
}

/// The places in `text` where a rule is computed or written, each as a short description.
fn rule_leaks(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    // Date arithmetic: the core gives every date a rule derives (see `rule_dates`).
    for word in [
        "setFullYear",
        "setUTCFullYear",
        "setMonth(",
        "setUTCMonth(",
        "setDate(",
        "setUTCDate(",
        "addYears",
        "addMonths",
        "addDays",
        "oneYearFrom",
        "getFullYear() +",
        "getUTCFullYear() +",
        "[1]) + 1",
    ] {
        if text.contains(word) {
            found.push(format!("date arithmetic `{word}`"));
        }
    }
    for (n, what) in rule_numbers() {
        let mut patterns: Vec<String> = [
            "{n} år",
            "{n} års",
            "{n} dagar",
            "{n} månader",
            "?? {n}",
            ">= {n}",
            "> {n}",
            "<= {n}",
            "< {n}",
            "min=\"{n}\"",
            "max=\"{n}\"",
            "maxlength=\"{n}\"",
            "minlength=\"{n}\"",
            "Standard är {n}",
            "Standard: {n}",
            "mellan {n} och",
            "och {n}.",
            "({n}–",
            "–{n})",
            "_DAYS = {n};",
            "_AGE = {n};",
            "_YEARS = {n};",
            "_MONTHS = {n};",
            "THRESHOLD = {n};",
        ]
        .iter()
        .map(|p| p.replace("{n}", &n.to_string()))
        .collect();
        // "12 år" but not "112 år"; "?? 30" but not "?? 300".
        patterns.dedup();
        for p in patterns {
            let mut from = 0;
            while let Some(i) = text[from..].find(&p) {
                let at = from + i;
                let before = text[..at].chars().next_back();
                let after = text[at + p.len()..].chars().next();
                let digit_before = p.starts_with(|c: char| c.is_ascii_digit())
                    && before.is_some_and(|c| c.is_ascii_digit());
                let digit_after = p.ends_with(|c: char| c.is_ascii_digit())
                    && after.is_some_and(|c| c.is_ascii_digit());
                if !digit_before && !digit_after {
                    found.push(format!("{what} ({n}) as `{p}`"));
                    break;
                }
                from = at + p.len();
            }
        }
    }
    found
}

#[test]
fn the_ui_hard_codes_no_rule_number_and_computes_no_rule_date() {
    let root = workspace_root().join("ui").join("src");
    let mut files = Vec::new();
    sources(&root, &mut files);
    assert!(
        files.len() > 20,
        "the UI sources were not found under {}",
        root.display()
    );
    let mut leaks = Vec::new();
    for f in files {
        let text = without_style(&std::fs::read_to_string(&f).unwrap());
        for leak in rule_leaks(&text) {
            leaks.push(format!(
                "{}: {leak}",
                f.strip_prefix(&root).unwrap().display()
            ));
        }
    }
    assert!(
        leaks.is_empty(),
        "the UI repeats a rule of the core; ask the core (the vocabulary's rule limits, \
         get_rule_dates, the overviews) instead:\n{}",
        leaks.join("\n")
    );
}

#[test]
fn the_scan_finds_the_rules_it_looks_for() {
    // The forms this scan exists to keep out: each must be found, and the ordinary UI code
    // beside it must not be.
    for leak in [
        "const y = Number(m[1]) + 1;",
        "...((overview.age ?? 0) >= 12 ? [own] : [])",
        "text: 'Barnet självt (från 12 år; gäller bara öppna insatser från socialtjänsten)'",
        "next: addDays(today, 30)",
        "{overview?.suggestedReassessmentDays ?? 30} dagar",
        "<input type=\"number\" min=\"1\" max=\"365\" />",
        "Standard är 5.",
        "'Ange gallringsfristen i hela år, mellan 1 och 30.'",
        "Minsta antal som visas (3–20)",
        "const DEFAULT_WARNING_DAYS = 14;",
        "<input maxlength=\"120\" />",
    ] {
        assert!(!rule_leaks(leak).is_empty(), "not found: {leak}");
    }
    for fine in [
        "<rect width=\"12\" height=\"12\" />",
        "if (labels.length > 1) step = plotW / 12;",
        "const right = 30;",
        "{terms.ruleLimits.childOwnConsentAge} år eller äldre",
        "let to = $state(`${year}-12-31`);",
        "<circle cx=\"12\" cy=\"12\" r=\"10\" />",
        "the 2012 år",
    ] {
        assert!(
            rule_leaks(fine).is_empty(),
            "{fine}: {:?}",
            rule_leaks(fine)
        );
    }
    // The dates the core gives are what the form would otherwise compute.
    let d = chrono::NaiveDate::from_ymd_opt(2028, 2, 29).unwrap();
    assert_eq!(
        rule_dates::from(d).consent_valid_to,
        chrono::NaiveDate::from_ymd_opt(2029, 2, 28).unwrap()
    );
}
