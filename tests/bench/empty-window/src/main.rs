//! An empty Tauri 2 window (one page that says "tom"), built by `tests/bench/run.sh` as the
//! memory baseline for Tryggplan. The window comes from `tauri.conf.json`.
fn main() {
    tauri::Builder::default()
        .run(tauri::generate_context!())
        .expect("the empty window could not start");
}
