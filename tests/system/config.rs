//! The security configuration is what docs/SECURITY.md says it is: parsed, not grepped.

use serde_json::Value;
use tryggplan_systest::workspace_root;

fn read_json(rel: &str) -> Value {
    let text = std::fs::read_to_string(workspace_root().join(rel)).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The lines of the fenced block after the given marker in docs/SECURITY.md.
fn architecture_block(marker: &str) -> Vec<String> {
    let doc = std::fs::read_to_string(workspace_root().join("docs/SECURITY.md")).unwrap();
    let start = doc
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} missing in docs/SECURITY.md"));
    let rest = &doc[start..];
    let open = rest.find("```").unwrap();
    let body = &rest[open + 3..];
    let body = &body[body.find('\n').unwrap() + 1..];
    let close = body.find("```").unwrap();
    body[..close]
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn csp_is_exactly_the_documented_one() {
    let conf = read_json("src-tauri/tauri.conf.json");
    let csp = conf["app"]["security"]["csp"]
        .as_object()
        .expect("CSP must be an object");
    let mut actual: Vec<String> = csp
        .iter()
        .map(|(k, v)| format!("{k} {}", v.as_str().unwrap()))
        .collect();
    actual.sort();
    let mut documented = architecture_block("<!-- csp -->");
    documented.sort();
    assert_eq!(actual, documented);
    // And the invariants themselves, independent of the document:
    assert_eq!(csp["default-src"], "'self'");
    assert_eq!(csp["object-src"], "'none'");
    let connect = csp["connect-src"].as_str().unwrap();
    assert!(
        connect
            .split_whitespace()
            .all(|s| s == "ipc:" || s == "http://ipc.localhost"),
        "{connect}"
    );
    for (k, v) in csp {
        let v = v.as_str().unwrap();
        assert!(
            !v.contains("unsafe-inline") && !v.contains("unsafe-eval"),
            "{k}: {v}"
        );
        assert!(!v.contains('*'), "{k}: wildcard");
        assert!(
            !v.contains("https:") && !v.contains("http:") || k == "connect-src",
            "{k}: {v}"
        );
    }
    assert_eq!(conf["app"]["security"]["freezePrototype"], true);
    assert_eq!(conf["app"]["withGlobalTauri"], false);
    assert!(conf["app"]["security"]["dangerousDisableAssetCspModification"].is_null());
    assert!(
        conf["build"]["devUrl"].is_null(),
        "no dev server URL: the app always embeds its UI"
    );
}

#[test]
fn capabilities_grant_only_the_documented_permissions() {
    let dir = workspace_root().join("src-tauri/capabilities");
    let files: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().collect();
    assert_eq!(files.len(), 1, "one capability file");
    let cap = read_json("src-tauri/capabilities/main.json");
    assert_eq!(cap["windows"], serde_json::json!(["main"]));
    assert!(cap["remote"].is_null(), "no remote URL may use IPC");
    let mut actual: Vec<String> = cap["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            p.as_str()
                .expect("plain permission identifiers only")
                .to_owned()
        })
        .collect();
    actual.sort();
    let mut documented = architecture_block("<!-- capabilities -->");
    documented.sort();
    assert_eq!(actual, documented);

    // Every app permission names a command that build.rs declares, and vice versa.
    let build = std::fs::read_to_string(workspace_root().join("src-tauri/build.rs")).unwrap();
    let commands: Vec<String> = build
        .lines()
        .filter_map(|l| {
            l.trim()
                .strip_prefix('"')
                .and_then(|l| l.strip_suffix("\","))
        })
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .collect();
    let mut app_perms: Vec<String> = actual
        .iter()
        .filter(|p| !p.contains(':'))
        .cloned()
        .collect();
    app_perms.sort();
    let mut commands_sorted = commands.clone();
    commands_sorted.sort();
    assert_eq!(app_perms, commands_sorted);

    // Every command the shell registers is declared (and so permitted): one left out would be
    // refused by Tauri's ACL in the real window, whatever the core allows.
    let lib = std::fs::read_to_string(workspace_root().join("src-tauri/src/lib.rs")).unwrap();
    let handler = lib
        .split("generate_handler![")
        .nth(1)
        .and_then(|s| s.split(']').next())
        .expect("the invoke handler's list");
    let mut registered: Vec<String> = handler
        .split(',')
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .map(|c| format!("allow-{}", c.rsplit("::").next().unwrap().replace('_', "-")))
        .collect();
    registered.sort();
    assert_eq!(
        registered, commands_sorted,
        "registered commands vs build.rs"
    );
    // Core permissions: listening to events only.
    for p in actual.iter().filter(|p| p.contains(':')) {
        assert!(p.starts_with("core:event:allow-"), "{p}");
    }
}

#[test]
fn no_plugin_with_network_shell_or_file_powers_is_configured() {
    let conf = read_json("src-tauri/tauri.conf.json");
    let plugins = conf["plugins"]
        .as_object()
        .map(|m| m.keys().cloned().collect::<Vec<_>>());
    assert!(plugins.unwrap_or_default().is_empty());
    let cargo = std::fs::read_to_string(workspace_root().join("src-tauri/Cargo.toml")).unwrap();
    for forbidden in [
        "tauri-plugin-http",
        "tauri-plugin-shell",
        "tauri-plugin-updater",
        "tauri-plugin-opener",
        "tauri-plugin-fs",
        "devtools",
    ] {
        assert!(
            !cargo.contains(forbidden),
            "{forbidden} in src-tauri/Cargo.toml"
        );
    }
}
