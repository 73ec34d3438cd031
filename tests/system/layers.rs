//! The core in layers, without cycles (issue 20): foundation → storage → vault → domain →
//! documents → application. Every top-level module of the core has its place in [`ORDER`], and
//! a module imports only modules placed before it, so a new back edge (and with it any cycle)
//! fails here, naming the file and the import.
//!
//! Only the core's own code counts: test files, test modules and the test and fuzz kits are
//! left out, as they may reach anywhere.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use tryggplan_systest::workspace_root;

/// The core's modules, lowest first, by layer. A module may import any module above it in this
/// list, never one below it.
const ORDER: &[(&str, &[&str])] = &[
    (
        "foundation",
        &["refusal", "error", "ids", "clock", "text", "law", "vocab"],
    ),
    (
        "storage",
        &[
            "keys", "files", "profile", "ctx", "audit", "store", "backup",
        ],
    ),
    ("vault", &["search_budget", "session"]),
    (
        "domain",
        &[
            "case_ref",
            "worker",
            "person",
            "actor",
            "protection",
            "access",
            "consent",
            "sip",
            "risk",
            "samrad",
            "followup",
        ],
    ),
    ("documents", &["document"]),
    (
        "application",
        &[
            "cases",
            "history_log",
            "retention",
            "practice",
            "rule_dates",
            "catalog",
        ],
    ),
];

/// Modules that exist only for tests and fuzzing: they may import anything.
const KITS: &[&str] = &["testkit", "fuzzing"];

fn core() -> std::path::PathBuf {
    workspace_root().join("src-tauri/core/src")
}

/// The source of a file without comments and without its `#[cfg(test)]` items (a test module,
/// a conversion only the unit tests have).
fn code_of(src: &str) -> String {
    let uncommented: String = src
        .lines()
        .map(|l| match l.find("//") {
            // A `//` inside a string (a URL) is rare in the core; a comment is what matters.
            Some(i) if !l[..i].contains('"') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = String::new();
    let mut rest = uncommented.as_str();
    while let Some(i) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..i]);
        let item = &rest[i..];
        // `mod tests;` ends at its semicolon; anything else at the brace that closes its body.
        let semi = item.find(';');
        let brace = item.find('{');
        let end = match (semi, brace) {
            (Some(s), Some(b)) if s < b => s + 1,
            (_, Some(b)) => {
                let mut depth = 0;
                let mut end = item.len();
                for (j, c) in item[b..].char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = b + j + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                end
            }
            (Some(s), None) => s + 1,
            (None, None) => item.len(),
        };
        rest = &item[end..];
    }
    out.push_str(rest);
    out
}

/// The top-level modules a piece of code names through `crate::`.
fn imports(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    for (i, _) in code.match_indices("crate::") {
        let rest = &code[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // `use crate::{a, b::c, d::{e, f}}`: the first name of every top-level item.
            let mut depth = 0;
            let mut item_start = true;
            for (j, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => item_start = true,
                    c if item_start && !c.is_whitespace() => {
                        let name = ident(&group[j..]);
                        if !name.is_empty() {
                            out.insert(name);
                        }
                        item_start = false;
                    }
                    _ => {}
                }
            }
        } else {
            let name = ident(rest);
            if !name.is_empty() {
                out.insert(name);
            }
        }
    }
    out
}

/// Every source file of the core that counts, with its top-level module.
fn files() -> Vec<(String, String, String)> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<(String, String, String)>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, root, out);
                continue;
            }
            let rel = p
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            if !rel.ends_with(".rs")
                || rel == "lib.rs"
                || name == "tests.rs"
                || name.ends_with("_tests.rs")
                || rel.contains("/tests/")
            {
                continue;
            }
            let module = rel
                .split('/')
                .next()
                .unwrap()
                .trim_end_matches(".rs")
                .to_owned();
            out.push((module, rel, std::fs::read_to_string(&p).unwrap()));
        }
    }
    let mut out = Vec::new();
    walk(&core(), &core(), &mut out);
    out
}

#[test]
fn the_core_has_no_back_edge_between_its_layers() {
    let rank: BTreeMap<&str, (usize, &str)> = ORDER
        .iter()
        .flat_map(|(layer, modules)| modules.iter().map(move |m| (*m, *layer)))
        .enumerate()
        .map(|(i, (m, layer))| (m, (i, layer)))
        .collect();
    let lib = std::fs::read_to_string(core().join("lib.rs")).unwrap();
    let declared: BTreeSet<String> = lib
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod "))
        .map(|m| m.trim_end_matches(';').to_owned())
        .collect();
    let placed: BTreeSet<String> = rank.keys().map(|m| m.to_string()).collect();
    let kits: BTreeSet<String> = KITS.iter().map(|m| m.to_string()).collect();
    let unplaced: Vec<_> = declared
        .difference(&placed)
        .filter(|m| !kits.contains(*m))
        .collect();
    assert!(
        unplaced.is_empty(),
        "modules of the core without a layer (place them in ORDER): {unplaced:?}"
    );
    let gone: Vec<_> = placed.difference(&declared).collect();
    assert!(
        gone.is_empty(),
        "ORDER names modules the core no longer has: {gone:?}"
    );

    let mut back = Vec::new();
    let mut edges = 0;
    for (module, rel, src) in files() {
        if kits.contains(&module) {
            continue;
        }
        let (from, from_layer) = rank[module.as_str()];
        for target in imports(&code_of(&src)) {
            let Some(&(to, to_layer)) = rank.get(target.as_str()) else {
                continue; // `crate::Error`, `crate::Result` (the root re-exports), a kit, a macro
            };
            if target == module {
                continue;
            }
            edges += 1;
            if to > from {
                back.push((module.clone(), target, rel.clone(), from_layer, to_layer));
            }
        }
    }
    assert!(
        edges > 150,
        "only {edges} imports found: the scan is broken"
    );
    let new: Vec<String> = back
        .iter()
        .map(|(a, b, f, la, lb)| format!("{f}: {a} ({la}) imports {b} ({lb})"))
        .collect();
    assert!(
        new.is_empty(),
        "imports that run back up the layers (move the code, or invert the call):\n{}",
        new.join("\n")
    );
}

/// The scan itself: a grouped `use`, a path in an expression, a comment and a test module.
#[test]
fn the_layer_scan_reads_grouped_uses_paths_and_skips_comments_and_tests() {
    let src = "use crate::{ids::CaseId, person::{self, Person}, Result};\n\
               fn f() { crate::audit::record(); } // crate::cases::list\n\
               #[cfg(test)]\nmod tests {\n use crate::practice;\n}\n";
    let found = imports(&code_of(src));
    let want: BTreeSet<String> = ["ids", "person", "Result", "audit"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(found, want);
}

/// The open-case tokens are made only by `access` (after its check) and by the test kit: no
/// other module of the core calls their constructors, and the app never enables the test kit.
#[test]
fn only_access_and_the_test_kit_make_open_case_tokens() {
    let makers = ["access.rs", "testkit.rs", "case_ref.rs"];
    let mut calls = 0;
    let mut others = Vec::new();
    for (_, rel, src) in files().into_iter().chain(kit_files()) {
        let code = code_of(&src);
        for token in [
            "OpenCase::checked(",
            "OpenSip::checked(",
            "OpenPerson::checked(",
        ] {
            let n = code.matches(token).count();
            if n == 0 {
                continue;
            }
            calls += n;
            if !makers.contains(&rel.as_str()) {
                others.push(format!("{rel}: {token}"));
            }
        }
    }
    assert!(
        calls >= 6,
        "only {calls} token constructions found: the scan is broken"
    );
    assert!(
        others.is_empty(),
        "open-case tokens made outside access (ask access::open_case instead): {others:?}"
    );
    let app = std::fs::read_to_string(workspace_root().join("src-tauri/Cargo.toml")).unwrap();
    let core_dep = app
        .lines()
        .find(|l| l.trim_start().starts_with("tryggplan-core"))
        .expect("the app depends on the core");
    assert!(
        !core_dep.contains("testkit") && !app.contains("tryggplan-core/testkit"),
        "the app enables the core's test kit: {core_dep}"
    );
}

/// The kits themselves (left out of the layer scan), for the token scan.
fn kit_files() -> Vec<(String, String, String)> {
    KITS.iter()
        .map(|k| {
            let rel = format!("{k}.rs");
            let src = std::fs::read_to_string(core().join(&rel)).unwrap();
            (k.to_string(), rel, src)
        })
        .collect()
}

/// What the app (outside the crate) can call with a raw case, SIP or person id: only the doors
/// that check it (`access::open_*`, the explicit open) and the masked view of a case. Every
/// other public function that names one case's data takes a token as well, so a command that
/// skips `access` does not compile (this replaced a scan of the commands' own text).
#[test]
fn no_public_function_of_the_core_takes_a_raw_case_id_without_a_token() {
    const DOORS: &[&str] = &[
        "access.rs: open_case",
        "access.rs: open_sip",
        "access.rs: open_person",
        "access.rs: open_record_at",
        "access.rs: open_record",
        "cases.rs: get_for",
        "case_ref.rs: require",
    ];
    let raw = ["CaseId", "SipId", "PersonId"];
    let tokens = ["OpenCase", "OpenSip", "OpenPerson", "Opened<"];
    let mut public = 0;
    let mut open_doors = Vec::new();
    let mut offenders = Vec::new();
    for (module, rel, src) in files() {
        if KITS.contains(&module.as_str()) {
            continue;
        }
        let code = code_of(&src);
        for (i, _) in code.match_indices("\npub fn ") {
            let rest = &code[i + "\npub fn ".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            let params = rest.split(')').next().unwrap_or("");
            let takes = |t: &str| {
                params
                    .split([',', '('])
                    .any(|p| p.split(':').nth(1).is_some_and(|ty| ty.trim().contains(t)))
            };
            if !raw.iter().any(|t| takes(t)) {
                continue;
            }
            public += 1;
            let door = format!("{rel}: {name}");
            if tokens.iter().any(|t| takes(t)) {
                continue;
            }
            // Pure rules on facts already gathered (no connection) read no stored data.
            if !params.contains("Connection") && !params.contains("Vault") {
                continue;
            }
            if DOORS.contains(&door.as_str()) {
                open_doors.push(door);
            } else {
                offenders.push(door);
            }
        }
    }
    assert!(
        public >= 15,
        "only {public} public functions with an id found: the scan is broken"
    );
    assert!(
        offenders.is_empty(),
        "public functions that read or change a case's data by a raw id (take an OpenCase, \
         OpenSip or OpenPerson, or make them pub(crate)): {offenders:?}"
    );
    assert_eq!(
        open_doors.len(),
        DOORS.len(),
        "a door is gone: {open_doors:?}"
    );
}
