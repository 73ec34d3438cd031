//! ARCHITECTURE.md stays short and true: at most 12 KB, every path its code map names exists,
//! and every invariant names a test that exists.

use std::path::{Path, PathBuf};

use tryggplan_systest::workspace_root;

const MAX_BYTES: usize = 12 * 1024;

fn doc() -> String {
    std::fs::read_to_string(workspace_root().join("ARCHITECTURE.md")).unwrap()
}

/// The text of every `code span` in `s`.
fn spans(s: &str) -> Vec<&str> {
    s.split('`').skip(1).step_by(2).collect()
}

/// Every file under `dir` whose name ends in one of `exts`, skipping build output.
fn files(dir: &Path, exts: &[&str], out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        if p.is_dir() {
            if !matches!(
                name.as_str(),
                "target" | "node_modules" | ".git" | "dist" | "gen"
            ) {
                files(&p, exts, out);
            }
        } else if exts.iter().any(|x| name.ends_with(x)) {
            out.push(p);
        }
    }
}

#[test]
fn architecture_md_is_at_most_12_kb() {
    let n = doc().len();
    assert!(
        n <= MAX_BYTES,
        "ARCHITECTURE.md is {n} bytes, more than {MAX_BYTES}: move detail to docs/"
    );
}

#[test]
fn every_path_in_the_code_map_exists() {
    let root = workspace_root();
    let doc = doc();
    let map = doc
        .split("## Code map")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("a code map section");
    let core = root.join("src-tauri/core/src");
    let shell = root.join("src-tauri/src");
    let mut checked = 0;
    for span in spans(map) {
        let looks_like_path = span.ends_with(".rs")
            || span.ends_with(".md")
            || span.ends_with('/')
            || span.starts_with(".ci/")
            || span.starts_with("tests/");
        if !looks_like_path || span.contains(' ') {
            continue;
        }
        let found = [root.clone(), core.clone(), shell.clone()]
            .iter()
            .any(|base| base.join(span.trim_end_matches('/')).exists())
            // A module file inside a named folder (`consent/` then `rules.rs`).
            || (span.ends_with(".rs") && {
                let mut all = Vec::new();
                files(&root.join("src-tauri"), &[".rs"], &mut all);
                all.iter().any(|p| p.ends_with(span))
            });
        assert!(
            found,
            "ARCHITECTURE.md's code map names `{span}`, which does not exist"
        );
        checked += 1;
    }
    assert!(checked >= 30, "only {checked} paths found in the code map");
}

#[test]
fn every_invariant_names_a_test_that_exists() {
    let root = workspace_root();
    let mut sources = Vec::new();
    files(&root, &[".rs"], &mut sources);
    let text: String = sources
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap_or_default())
        .collect();
    let doc = doc();
    let invariants: Vec<&str> = doc
        .split("> **Architecture Invariant:")
        .skip(1)
        .map(|s| s.split("\n\n").next().unwrap())
        .collect();
    assert!(
        invariants.len() >= 10,
        "only {} invariants found",
        invariants.len()
    );
    for inv in invariants {
        let title = inv.split("**").next().unwrap().trim();
        let test = inv
            .rsplit_once("Test: `")
            .map(|(_, t)| t.split('`').next().unwrap())
            .unwrap_or_else(|| panic!("the invariant “{title}” names no test (`Test: `name``)"));
        let exists = if test.ends_with(".mjs") {
            root.join(test).exists()
        } else {
            let name = test.rsplit("::").next().unwrap();
            text.contains(&format!("fn {name}("))
        };
        assert!(
            exists,
            "the invariant “{title}” names `{test}`, which does not exist"
        );
        let sentences = inv.matches(". ").count() + 1;
        assert!(
            sentences <= 5,
            "the invariant “{title}” is longer than a few sentences"
        );
    }
}

/// The repository stands on its own: every rule cites docs/DOMAIN.md (or another file of the
/// repository), never the planning folder beside a checkout that a clone does not have.
#[test]
fn no_source_or_doc_points_outside_the_repository() {
    let root = workspace_root();
    let mut all = Vec::new();
    files(
        &root,
        &[
            ".rs", ".md", ".mjs", ".ts", ".svelte", ".sh", ".toml", ".json",
        ],
        &mut all,
    );
    assert!(all.len() > 100, "only {} files found", all.len());
    let outside = ["../shared/", "shared/DOMAIN.md", "shared/seeds"];
    let offenders: Vec<String> = all
        .iter()
        .filter(|p| !p.ends_with("tests/system/architecture.rs"))
        .filter(|p| {
            let text = std::fs::read_to_string(p).unwrap_or_default();
            outside.iter().any(|o| text.contains(o))
        })
        .map(|p| p.strip_prefix(&root).unwrap_or(p).display().to_string())
        .collect();
    assert!(
        offenders.is_empty(),
        "these files point outside the repository (cite docs/DOMAIN.md instead): {offenders:?}"
    );
}

/// Issue 19 and issue 20: the PDF engine takes its marking as a parameter, and only the core's
/// `document::pdf::render` chooses it, from the open profile's kind. No other file of the core
/// or the shell calls the engine's render or names a marking, and the shell does not depend on
/// the engine at all: a PDF without the profile's choice does not compile there.
#[test]
fn only_the_cores_render_chooses_the_engines_marking_from_the_profile() {
    let root = workspace_root();
    let mut all = Vec::new();
    files(&root.join("src-tauri/core/src"), &[".rs"], &mut all);
    files(&root.join("src-tauri/src"), &[".rs"], &mut all);
    assert!(all.len() > 50, "only {} files found", all.len());
    let door = root.join("src-tauri/core/src/document/pdf.rs");
    let door_text = std::fs::read_to_string(&door).unwrap();
    assert!(
        door_text.contains("tryggplan_pdf::render(") && door_text.contains("ProfileKind::Practice"),
        "the core's document::pdf::render no longer calls the engine with the profile's marking"
    );
    let offenders: Vec<String> = all
        .iter()
        .filter(|p| **p != door)
        .filter(|p| {
            let text = std::fs::read_to_string(p).unwrap_or_default();
            // The marking type, and the engine's render by any path.
            text.contains("Marking")
                || text.contains("tryggplan_pdf::render")
                || text.contains("tryggplan_pdf::pdf::render")
                || text.contains("tryggplan_pdf::pdf::{")
                || text.contains("tryggplan_pdf::{")
        })
        .map(|p| p.strip_prefix(&root).unwrap_or(p).display().to_string())
        .collect();
    assert!(
        offenders.is_empty(),
        "these files call the PDF engine's render or choose a marking themselves: {offenders:?}"
    );
    let shell = std::fs::read_to_string(root.join("src-tauri/Cargo.toml")).unwrap();
    assert!(
        !shell.contains("tryggplan-pdf"),
        "the shell depends on the PDF engine directly"
    );
}

/// CI lints the workspace while it builds the tests (`tests/all.sh`: clippy-driver as the
/// workspace's compiler for `cargo test`), which builds every target but benches: so there
/// must be none, or they would go unlinted.
#[test]
fn no_target_escapes_the_lints_of_the_test_build() {
    let root = workspace_root();
    let all_sh = std::fs::read_to_string(root.join("tests/all.sh")).unwrap();
    assert!(
        all_sh.contains("RUSTC_WORKSPACE_WRAPPER=\"$clippy_driver\" RUSTFLAGS=\"-D warnings\""),
        "tests/all.sh no longer builds the tests with clippy's lints"
    );
    let mut manifests = Vec::new();
    files(&root, &["Cargo.toml"], &mut manifests);
    assert!(
        manifests.len() >= 4,
        "only {} manifests found",
        manifests.len()
    );
    for m in manifests {
        let text = std::fs::read_to_string(&m).unwrap();
        let dir = m.parent().unwrap();
        assert!(
            !text.contains("[[bench]]") && !dir.join("benches").exists(),
            "{} has a bench target, which `cargo test` does not build: lint it in tests/all.sh",
            m.display()
        );
    }
}
