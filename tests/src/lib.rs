//! Helpers shared by the system tests: a private D-Bus session with a real Secret Service
//! (gnome-keyring), and byte scanning.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A private desktop-like environment: its own HOME and XDG directories, so the keyring
/// file gnome-keyring writes (and anything else) stays inside a temporary directory.
#[derive(Debug)]
pub struct Desktop {
    pub root: tempfile::TempDir,
    probe: PathBuf,
}

/// How the probe process reaches (or fails to reach) a Secret Service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keyring {
    /// A new D-Bus session with gnome-keyring started and unlocked in it.
    GnomeKeyring,
    /// A new D-Bus session with no Secret Service at all (and nothing activatable).
    SessionWithoutSecretService,
    /// No D-Bus session bus at all.
    NoBus,
}

impl Desktop {
    /// A new private desktop; `probe` is the keyprobe binary (integration tests pass
    /// `env!("CARGO_BIN_EXE_keyprobe")`).
    pub fn new(probe: impl Into<PathBuf>) -> Self {
        let root = tempfile::tempdir().expect("tempdir");
        for d in ["home", "data", "config", "cache", "runtime", "empty-share"] {
            std::fs::create_dir_all(root.path().join(d)).expect("mkdir");
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(
                root.path().join("runtime"),
                std::fs::Permissions::from_mode(0o700),
            );
        }
        Desktop {
            root,
            probe: probe.into(),
        }
    }

    pub fn path(&self, p: &str) -> PathBuf {
        self.root.path().join(p)
    }

    /// Where the probe keeps Tryggplan's data.
    pub fn data_dir(&self) -> PathBuf {
        self.path("data/tryggplan")
    }

    fn command(&self, keyring: Keyring, program: &Path, args: &[&str]) -> Command {
        // Every probe is bounded: a hung keyring daemon fails the test instead of stalling CI.
        let mut c = Command::new("timeout");
        c.args(["-k", "5", "90"]);
        match keyring {
            Keyring::GnomeKeyring => {
                c.args(["dbus-run-session", "--", "sh", "-c"]).arg(
                    "printf %s testnyckelring | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1 || exit 70; exec \"$0\" \"$@\"",
                );
                c.arg(program);
            }
            Keyring::SessionWithoutSecretService => {
                c.args(["dbus-run-session", "--"]).arg(program);
                // Nothing to activate: org.freedesktop.secrets has no service file in these dirs.
                c.env("XDG_DATA_DIRS", self.path("empty-share"));
            }
            Keyring::NoBus => {
                c.arg(program);
            }
        }
        c.args(args)
            .env_remove("DBUS_SESSION_BUS_ADDRESS")
            .env("HOME", self.path("home"))
            .env("XDG_DATA_HOME", self.path("data"))
            .env("XDG_CONFIG_HOME", self.path("config"))
            .env("XDG_CACHE_HOME", self.path("cache"))
            .env("XDG_RUNTIME_DIR", self.path("runtime"))
            .stdin(Stdio::null());
        if keyring == Keyring::NoBus {
            c.env(
                "DBUS_SESSION_BUS_ADDRESS",
                format!("unix:path={}", self.path("runtime/no-bus").display()),
            );
        }
        c
    }

    /// Runs the keyprobe binary with `args` after the data dir, in a fresh process (and, for
    /// [`Keyring::GnomeKeyring`], a freshly started keyring daemon).
    ///
    /// A keyring daemon started by D-Bus activation can outlive its `dbus-run-session` and
    /// inherits the probe's stdout/stderr. So output goes to files (waiting for pipes would
    /// wait for that daemon), and the probe runs in its own process group, which is
    /// terminated afterwards so no daemon leaks into the next test.
    pub fn probe(&self, keyring: Keyring, args: &[&str]) -> ProbeResult {
        use std::os::unix::process::CommandExt;
        let data = self.data_dir();
        let mut all = vec![data.to_str().expect("utf-8 path")];
        all.extend_from_slice(args);
        let out = tempfile::tempdir().expect("tempdir");
        let (stdout, stderr) = (out.path().join("stdout"), out.path().join("stderr"));
        let mut child = self
            .command(keyring, &self.probe, &all)
            .stdout(std::fs::File::create(&stdout).expect("stdout file"))
            .stderr(std::fs::File::create(&stderr).expect("stderr file"))
            .process_group(0)
            .spawn()
            .expect("run keyprobe");
        let status = child.wait().expect("wait for keyprobe");
        let _ = Command::new("kill")
            .args(["-TERM", "--", &format!("-{}", child.id())])
            .stderr(Stdio::null())
            .status();
        ProbeResult::from(Output {
            status,
            stdout: std::fs::read(&stdout).unwrap_or_default(),
            stderr: std::fs::read(&stderr).unwrap_or_default(),
        })
    }

    /// Starts the probe with piped stdin (for `hold`).
    pub fn spawn_probe(&self, keyring: Keyring, args: &[&str]) -> std::process::Child {
        let data = self.data_dir();
        let mut all = vec![data.to_str().expect("utf-8 path")];
        all.extend_from_slice(args);
        self.command(keyring, &self.probe, &all)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("spawn keyprobe")
    }
}

#[derive(Debug)]
pub struct ProbeResult {
    pub code: Option<i32>,
    pub json: serde_json::Value,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for ProbeResult {
    fn from(o: Output) -> Self {
        let stdout = String::from_utf8_lossy(&o.stdout).into_owned();
        let json = stdout
            .lines()
            .last()
            .and_then(|l| serde_json::from_str(l).ok())
            .unwrap_or(serde_json::Value::Null);
        ProbeResult {
            code: o.status.code(),
            json,
            stdout,
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl ProbeResult {
    pub fn ok(&self) -> &serde_json::Value {
        assert_eq!(self.code, Some(0), "probe failed: {self:#?}");
        &self.json
    }

    /// The error kind of a failed run; asserts it was a clean, typed failure (no panic).
    pub fn err_kind(&self) -> String {
        assert_eq!(self.code, Some(2), "expected a typed error: {self:#?}");
        assert!(!self.stderr.contains("panicked"), "{self:#?}");
        self.json["kind"].as_str().unwrap_or_default().to_owned()
    }

    pub fn err_message(&self) -> String {
        self.json["message"].as_str().unwrap_or_default().to_owned()
    }
}

/// Every encoding a canary string could be stored in by accident.
pub fn encodings(s: &str) -> Vec<(&'static str, Vec<u8>)> {
    let utf16le: Vec<u8> = s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    let utf16be: Vec<u8> = s.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
    vec![
        ("UTF-8", s.as_bytes().to_vec()),
        ("UTF-16LE", utf16le),
        ("UTF-16BE", utf16be),
    ]
}

/// All regular files below `dir`, recursively.
pub fn files_below(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.is_file() {
                out.push(p);
            }
        }
    }
    out
}

/// Files below `dir` that contain `needle` in any of its [`encodings`].
pub fn files_containing(dir: &Path, needle: &str) -> Vec<String> {
    let mut hits = Vec::new();
    for f in files_below(dir) {
        let Ok(bytes) = std::fs::read(&f) else {
            continue;
        };
        for (enc, pat) in encodings(needle) {
            if bytes.windows(pat.len()).any(|w| w == pat.as_slice()) {
                hits.push(format!("{} ({enc})", f.display()));
            }
        }
    }
    hits
}

/// The workspace root (for reading configs).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}
