// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // The one command-line command (merging statistics CSVs); any other arguments (WebDriver
    // passes its own) start the app.
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if args.get(1).is_some_and(|a| a == tryggplan_lib::cli::MERGE) {
        std::process::exit(tryggplan_lib::cli::merge_statistics(&args[2..]));
    }
    tryggplan_lib::run()
}
