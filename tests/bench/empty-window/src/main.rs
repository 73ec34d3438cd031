//! An empty Tauri 2 window (one page that says "tom"), built by `tests/bench/run.sh` as the
//! memory and start-up baseline for Tryggplan. The window comes from `tauri.conf.json`, with
//! Tauri's default web view settings. Its only additions are the same start-up marks as the
//! app's (`TRYGGPLAN_TIMING=1`): the first paint is reported by the page, as Tryggplan's UI does.

fn mark(name: &str) {
    if std::env::var_os("TRYGGPLAN_TIMING").is_some() {
        let ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis())
            .unwrap_or(0);
        eprintln!("tryggplan-timing {name}-epoch-ms={ms}");
    }
}

#[tauri::command]
fn first_paint() {
    mark("first-paint");
}

fn main() {
    mark("main");
    tauri::Builder::default()
        .setup(|_| {
            mark("setup");
            Ok(())
        })
        .on_page_load(|_, payload| {
            mark(match payload.event() {
                tauri::webview::PageLoadEvent::Started => "page-load-started",
                tauri::webview::PageLoadEvent::Finished => "page-load-finished",
            })
        })
        .invoke_handler(tauri::generate_handler![first_paint])
        .run(tauri::generate_context!())
        .expect("the empty window could not start");
}
