//! The window's size across starts (issue 19). The first start's window fits a 1366×768 laptop
//! screen with its panel and the title bar; after that the window comes back at the size the
//! worker last gave it. Only the width and height are kept — not the position, and nothing about
//! cases — in a small file in the app's config dir, written whole (a temporary file renamed over
//! it) once the worker stops resizing and when the window closes. A missing, unreadable or odd
//! file gives the default; a size larger than the screen is made to fit it.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use tauri::{AppHandle, Manager, Monitor, WebviewWindow, WindowEvent};

/// A window's inner size in logical pixels (what `inner_size` takes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    pub width: u32,
    pub height: u32,
}

/// The first start's size.
pub const DEFAULT: Size = Size {
    width: 1280,
    height: 720,
};
/// The smallest window the screens are laid out for.
pub const MIN: Size = Size {
    width: 900,
    height: 600,
};
/// What the window's title bar and frame take beyond its inner size (the side borders are
/// thin or drawn inside: a 1280 px wide window fits a 1280 px wide screen).
const FRAME: Size = Size {
    width: 0,
    height: 48,
};
/// Larger than any screen: such a file is not one this module wrote.
const MAX_SIDE: u32 = 16_384;
const FILE: &str = "window-size";
/// The quiet time after the last resize before the size is written (a drag sends many).
const SETTLE: Duration = Duration::from_millis(700);

/// The file's text, "1280x720": the size if it is one this module could have written.
pub fn parse(text: &str) -> Option<Size> {
    let (w, h) = text.trim().split_once('x')?;
    let size = Size {
        width: w.parse().ok()?,
        height: h.parse().ok()?,
    };
    let fits = |side: u32, min: u32| (min..=MAX_SIDE).contains(&side);
    (fits(size.width, MIN.width) && fits(size.height, MIN.height)).then_some(size)
}

fn format(size: Size) -> String {
    format!("{}x{}\n", size.width, size.height)
}

/// `size` made to fit `room` (the screen's free area, less the frame), never below [`MIN`].
pub fn clamp(size: Size, room: Option<Size>) -> Size {
    let Some(room) = room else { return size };
    Size {
        width: size.width.min(room.width).max(MIN.width),
        height: size.height.min(room.height).max(MIN.height),
    }
}

/// The size kept in `dir`, or None (no file, unreadable, or not a size).
pub fn load(dir: &Path) -> Option<Size> {
    let mut text = String::new();
    std::fs::File::open(dir.join(FILE))
        .ok()?
        .take(64)
        .read_to_string(&mut text)
        .ok()?;
    parse(&text)
}

/// Keeps `size` in `dir`, whole or not at all: a temporary file, synced, renamed over the old.
pub fn save(dir: &Path, size: Size) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!("{FILE}.tmp"));
    let mut f = std::fs::File::create(&tmp)?;
    f.write_all(format(size).as_bytes())?;
    f.sync_all()?;
    drop(f);
    std::fs::rename(&tmp, dir.join(FILE))
}

/// The room for the window's inner size on a screen whose free area (without panels) is
/// `width`×`height` physical pixels at `scale`: in logical pixels, less the frame.
pub fn room(width: u32, height: u32, scale: f64) -> Size {
    let scale = if scale.is_finite() && scale >= 0.5 {
        scale
    } else {
        1.0
    };
    let logical = |px: u32, frame: u32| ((f64::from(px) / scale) as u32).saturating_sub(frame);
    Size {
        width: logical(width, FRAME.width),
        height: logical(height, FRAME.height),
    }
}

/// The size to open the window with: the `kept` one or [`DEFAULT`], made to fit the `room`.
pub fn opening(kept: Option<Size>, room: Option<Size>) -> Size {
    clamp(kept.unwrap_or(DEFAULT), room)
}

fn monitor_room(monitor: &Monitor) -> Size {
    let area = monitor.work_area().size;
    room(area.width, area.height, monitor.scale_factor())
}

fn dir(app: &AppHandle) -> Option<PathBuf> {
    app.path().app_config_dir().ok()
}

/// The size to open the window with, on the screen it opens on (the primary one).
pub fn initial(app: &AppHandle) -> Size {
    let kept = dir(app).and_then(|d| load(&d));
    let monitor = app.primary_monitor().ok().flatten();
    opening(kept, monitor.as_ref().map(monitor_room))
}

enum Note {
    Resized(Size),
    Closing,
}

/// Keeps the window's size from now on: each resize (not maximised or minimised) is noted, and
/// written once the resizing has settled or the window closes. A failed write is only printed:
/// the next start then opens at the default size.
pub fn remember(window: &WebviewWindow) {
    let Some(dir) = dir(window.app_handle()) else {
        return;
    };
    let (tx, rx) = mpsc::channel::<Note>();
    let spawned = std::thread::Builder::new()
        .name("window-size".into())
        .spawn(move || {
            let mut pending: Option<Size> = None;
            let write = |size: Option<Size>| {
                if let Some(size) = size {
                    if let Err(e) = save(&dir, size) {
                        eprintln!("Tryggplan kunde inte spara fönstrets storlek: {e}");
                    }
                }
            };
            loop {
                let note = if pending.is_some() {
                    rx.recv_timeout(SETTLE)
                } else {
                    rx.recv().map_err(|_| RecvTimeoutError::Disconnected)
                };
                match note {
                    Ok(Note::Resized(size)) => pending = Some(size),
                    Ok(Note::Closing) | Err(RecvTimeoutError::Timeout) => write(pending.take()),
                    Err(RecvTimeoutError::Disconnected) => {
                        write(pending.take());
                        return;
                    }
                }
            }
        });
    if spawned.is_err() {
        return;
    }
    let w = window.clone();
    window.on_window_event(move |event| match event {
        WindowEvent::Resized(physical) => {
            let whole = !w.is_maximized().unwrap_or(true)
                && !w.is_minimized().unwrap_or(true)
                && !w.is_fullscreen().unwrap_or(true);
            let Ok(scale) = w.scale_factor() else { return };
            let logical = physical.to_logical::<f64>(scale);
            let size = Size {
                width: logical.width.round() as u32,
                height: logical.height.round() as u32,
            };
            if whole && parse(&format(size)).is_some() {
                let _ = tx.send(Note::Resized(size));
            }
        }
        WindowEvent::CloseRequested { .. } | WindowEvent::Destroyed => {
            let _ = tx.send(Note::Closing);
        }
        _ => {}
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_size_is_read_back_and_nothing_else_is_a_size() {
        assert_eq!(
            parse("1100x700\n"),
            Some(Size {
                width: 1100,
                height: 700
            })
        );
        assert_eq!(parse(&format(DEFAULT)), Some(DEFAULT));
        for bad in [
            "",
            "1100",
            "1100x",
            "x700",
            "1100 700",
            "1100x700x3",
            "-1100x700",
            "1100.5x700",
            "abcxdef",
            "0x0",
            // Below the smallest window, or beyond any screen.
            "899x700",
            "1100x599",
            "16385x700",
            "99999999999x700",
            "\u{0}\u{0}\u{0}",
        ] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn the_first_window_fits_a_1366_by_768_screen_with_its_panel_and_title_bar() {
        // A title bar as GNOME, KDE or Windows draws it (30–40 px), and what a panel or a
        // taskbar takes of the screen's height.
        const TITLE_BAR: u32 = 40;
        for (panel, scale) in [(0, 1.0), (32, 1.0), (48, 1.0), (64, 2.0)] {
            let (w, h) = (1366.0 * scale, (768 - panel) as f64 * scale);
            let size = opening(None, Some(room(w as u32, h as u32, scale)));
            assert!(size.width <= 1366, "panel {panel}, scale {scale}: {size:?}");
            assert!(
                size.height + TITLE_BAR <= 768 - panel,
                "panel {panel}, scale {scale}: {size:?}"
            );
            assert!(
                size.width >= MIN.width && size.height >= MIN.height,
                "{size:?}"
            );
        }
        // Without panels the default is kept as it is: 1280×720.
        assert_eq!(opening(None, Some(room(1366, 768, 1.0))), DEFAULT);
        assert_eq!(
            DEFAULT,
            Size {
                width: 1280,
                height: 720
            }
        );
        // No screen known: the default.
        assert_eq!(opening(None, None), DEFAULT);
        // A scale the screen can't have is read as 1.
        assert_eq!(room(1366, 768, f64::NAN), room(1366, 768, 1.0));
        assert_eq!(room(1366, 768, 0.0), room(1366, 768, 1.0));
    }

    #[test]
    fn a_kept_size_larger_than_the_screen_is_made_to_fit_never_below_the_smallest() {
        let big = Size {
            width: 2500,
            height: 1500,
        };
        let room = Size {
            width: 1350,
            height: 688,
        };
        assert_eq!(clamp(big, Some(room)), room);
        assert_eq!(opening(Some(big), Some(room)), room);
        // A size that fits is kept as it is.
        let fits = Size {
            width: 1000,
            height: 650,
        };
        assert_eq!(clamp(fits, Some(room)), fits);
        // A screen smaller than the smallest window: the smallest window.
        let tiny = Size {
            width: 640,
            height: 480,
        };
        assert_eq!(clamp(big, Some(tiny)), MIN);
        // No screen known: the size as kept.
        assert_eq!(clamp(big, None), big);
    }

    #[test]
    fn the_size_is_written_whole_and_read_back_at_the_next_start() {
        let dir = tempfile::tempdir().unwrap();
        let kept = dir.path().join("config");
        assert_eq!(load(&kept), None, "no file yet");
        let size = Size {
            width: 1024,
            height: 700,
        };
        save(&kept, size).unwrap();
        assert_eq!(load(&kept), Some(size));
        assert_eq!(
            std::fs::read_to_string(kept.join(FILE)).unwrap(),
            "1024x700\n"
        );
        // Written over, and no temporary file left beside it.
        save(&kept, DEFAULT).unwrap();
        assert_eq!(load(&kept), Some(DEFAULT));
        let names: Vec<_> = std::fs::read_dir(&kept)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, [FILE]);
    }

    #[test]
    fn a_damaged_or_strange_file_gives_the_default_without_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(FILE);
        for bytes in [
            &b""[..],
            b"garbage",
            b"\xff\xfe\x00not utf-8",
            b"1280x720 and then some more text that goes on",
        ] {
            std::fs::write(&file, bytes).unwrap();
            assert_eq!(load(dir.path()), None, "{bytes:?}");
        }
        // A long file is read no further than a size could be.
        std::fs::write(&file, "9".repeat(1 << 20)).unwrap();
        assert_eq!(load(dir.path()), None);
        // A directory where the file should be.
        std::fs::remove_file(&file).unwrap();
        std::fs::create_dir(&file).unwrap();
        assert_eq!(load(dir.path()), None);
        assert!(save(dir.path(), DEFAULT).is_err());
    }
}
