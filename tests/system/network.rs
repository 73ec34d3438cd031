//! No network capability in the product's dependency tree, on any desktop platform.

use std::process::Command;

use tryggplan_systest::workspace_root;

/// HTTP clients and TLS stacks: none may be in the app's tree.
const FORBIDDEN: &[&str] = &[
    "reqwest",
    "hyper",
    "hyper-util",
    "ureq",
    "curl",
    "curl-sys",
    "isahc",
    "surf",
    "attohttpc",
    "rustls",
    "native-tls",
    "tokio-rustls",
    "tokio-native-tls",
    "hyper-tls",
    "hyper-rustls",
    "openssl",
    "tauri-plugin-http",
    "tauri-plugin-updater",
    "tauri-plugin-shell",
    "tauri-plugin-opener",
    "websocket",
    "tungstenite",
    "tokio-tungstenite",
];

fn tree(target: &str) -> Vec<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .current_dir(workspace_root())
        .args([
            "tree",
            "--locked",
            "-p",
            "tryggplan",
            "-e",
            "normal,build",
            "--prefix",
            "none",
            "--target",
            target,
        ])
        .output()
        .expect("cargo tree");
    assert!(
        out.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .collect()
}

#[test]
fn no_http_client_or_tls_stack_in_the_app_on_any_desktop_platform() {
    for target in [
        "x86_64-unknown-linux-gnu",
        "x86_64-pc-windows-msvc",
        "aarch64-apple-darwin",
    ] {
        let crates = tree(target);
        assert!(
            crates.iter().any(|c| c == "tauri"),
            "{target}: tree looks empty"
        );
        let bad: Vec<_> = crates
            .iter()
            .filter(|c| FORBIDDEN.contains(&c.as_str()))
            .collect();
        assert!(
            bad.is_empty(),
            "{target}: network-capable crates in the app: {bad:?}"
        );
    }
}

#[test]
fn the_keyring_has_a_real_persistent_backend_on_every_platform() {
    // keyring 3 with no platform feature silently uses an in-memory mock.
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    for (target, feature) in [
        ("x86_64-unknown-linux-gnu", "sync-secret-service"),
        ("x86_64-pc-windows-msvc", "windows-native"),
        ("aarch64-apple-darwin", "apple-native"),
    ] {
        let out = Command::new(&cargo)
            .current_dir(workspace_root())
            .args([
                "tree",
                "--locked",
                "-p",
                "tryggplan",
                "-e",
                "features",
                "-i",
                "keyring",
                "--target",
                target,
            ])
            .output()
            .expect("cargo tree");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains(&format!("keyring feature \"{feature}\"")),
            "{target}: keyring lacks {feature}:\n{text}"
        );
        assert!(
            !text.contains("keyring feature \"linux-native\""),
            "keyutils is not persistent"
        );
    }
}
