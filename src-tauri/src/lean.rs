//! The web view's settings that cut memory without changing what the worker sees (issue 21,
//! measured in docs/BENCHMARKS.md, figure 4).
//!
//! Linux: WebKitGTK's hardware-acceleration policy *never*. The app's screens are forms,
//! tables and static charts with no animation, video or WebGL, so the GPU compositing layers
//! buy nothing here; without them the web process keeps no GL context, layer backing stores or
//! compositor threads (about −90 MB for the process tree on the benchmark machine). Pages are
//! painted by the CPU into one surface, as WebKitGTK does on machines without usable GPU drivers.

/// Tells WebKitGTK before it loads that the app draws without compositing, so neither the app
/// nor its web process sets up OpenGL (Mesa's drivers) only to leave it unused: about 40 ms of
/// the start (docs/BENCHMARKS.md, figure 1). Call it first in `run`, while the process has one
/// thread (the environment is not changed under other threads). WebKit's own variable; a value
/// already set by the user is kept.
#[cfg(target_os = "linux")]
pub fn before_webkit() {
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
}

/// Other desktops keep the platform's default.
#[cfg(not(target_os = "linux"))]
pub fn before_webkit() {}

/// Applies the settings to the main window's web view.
#[cfg(target_os = "linux")]
pub fn apply(window: &tauri::WebviewWindow) {
    let _ = window.with_webview(|platform| {
        use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
        if let Some(settings) = WebViewExt::settings(&platform.inner()) {
            settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
        }
    });
}

/// Other desktops keep the platform's default.
#[cfg(not(target_os = "linux"))]
pub fn apply(_window: &tauri::WebviewWindow) {}
