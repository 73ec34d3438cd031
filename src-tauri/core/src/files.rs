//! The profile directory's files on disk: created owner-only, written atomically.
//!
//! Storage layer: it knows paths and bytes, nothing of what they hold.

use std::path::Path;

use crate::{Error, Result};

/// The file with this profile's id (not secret: it names the keyring entry).
pub const PROFILE_ID_FILE: &str = "profil.id";
/// Creates the data directory, owner-only (0700 on Unix).
pub(crate) fn create_private_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Io {
        what: "datamappen",
        source,
    })?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).map_err(
            |source| Error::Io {
                what: "datamappens behörigheter",
                source,
            },
        )?;
    }
    Ok(())
}

/// Writes a small file via a temporary name, fsync and rename, so it is never half-written:
/// owner-only (0600 on Unix) from the moment it exists, and the directory is synced after the
/// rename.
pub(crate) fn write_private_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    write_private_atomically_as(path, bytes, "återställningsfilen")
}

/// [`write_private_atomically`], naming the file `what` in an error.
pub(crate) fn write_private_atomically_as(
    path: &Path,
    bytes: &[u8],
    what: &'static str,
) -> Result<()> {
    use std::io::Write;
    let io = |source| Error::Io { what, source };
    let tmp = path.with_extension("tmp");
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(&tmp).map_err(io)?;
    #[cfg(unix)]
    {
        // A leftover temporary file keeps its old mode: set it explicitly.
        use std::os::unix::fs::PermissionsExt;
        f.set_permissions(std::fs::Permissions::from_mode(0o600))
            .map_err(io)?;
    }
    f.write_all(bytes).map_err(io)?;
    f.sync_all().map_err(io)?;
    drop(f);
    std::fs::rename(&tmp, path).map_err(io)?;
    sync_dir(path.parent().unwrap_or(Path::new("."))).map_err(io)?;
    Ok(())
}

/// fsync of a directory, so a rename in it survives power loss (a no-op where the platform
/// can't open a directory, i.e. Windows, whose renames are journaled by NTFS).
pub(crate) fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::fs::File::open(dir)?.sync_all()?;
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
    }
    Ok(())
}
