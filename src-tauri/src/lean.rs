//! The web view's settings that cut memory without changing what the worker sees (issue 21,
//! measured in docs/BENCHMARKS.md, figure 4).
//!
//! Linux: WebKitGTK's hardware-acceleration policy *never*. The app's screens are forms,
//! tables and static charts with no animation, video or WebGL, so the GPU compositing layers
//! buy nothing here; without them the web process keeps no GL context, layer backing stores or
//! compositor threads (about −90 MB for the process tree on the benchmark machine). Pages are
//! painted by the CPU into one surface, as WebKitGTK does on machines without usable GPU drivers.

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
