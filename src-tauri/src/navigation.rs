//! The navigation guard: the webview may only ever show the app's own embedded pages.

use tauri::Url;

/// True for the app's own origin (`tauri://localhost` on Linux and macOS,
/// `http(s)://tauri.localhost` on Windows). Everything else — any http(s) site, `file:`,
/// `data:`, `javascript:` — is refused.
pub fn is_allowed(url: &Url) -> bool {
    match url.scheme() {
        "tauri" => url.host_str() == Some("localhost"),
        "http" | "https" if cfg!(windows) => url.host_str() == Some("tauri.localhost"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_app_origin_is_allowed() {
        let ok = |s: &str| is_allowed(&Url::parse(s).unwrap());
        assert!(ok("tauri://localhost/index.html"));
        assert!(ok("tauri://localhost/"));
        assert!(!ok("https://example.org/"));
        assert!(!ok("http://localhost:1420/"));
        assert!(!ok("http://127.0.0.1/"));
        assert!(!ok("file:///etc/passwd"));
        assert!(!ok("data:text/html,<script>alert(1)</script>"));
        assert!(!ok("tauri://evil.example/"));
        assert!(!ok("javascript:alert(1)"));
    }
}
