//! Key handling: the random database key, and how it is wrapped by the user's passphrase.
//!
//! Architecture invariant: **the database key never touches the disk in the clear.** It is
//! generated from the OS CSPRNG, held in zeroizing memory, wrapped with XChaCha20-Poly1305
//! under a key derived by Argon2id from the user's passphrase, and only the wrapped form is
//! handed to the OS keyring ([`keyring::SecretStore`]).

pub mod keyring;
pub mod recovery;

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use secrecy::{ExposeSecret, SecretString};
use unicode_normalization::UnicodeNormalization;
use zeroize::Zeroizing;

use crate::{Error, Result};

/// Minimum passphrase length in characters (Unicode scalar values, after NFC).
pub const MIN_PASSPHRASE_CHARS: usize = 12;
/// Maximum length of a new passphrase in characters (after NFC): far more than any phrase a
/// person types and remembers (a dozen words is about 80).
pub const MAX_PASSPHRASE_CHARS: usize = 256;
/// Maximum length of any typed passphrase in bytes (as typed, before NFC), checked before it is
/// normalised or reaches Argon2: a 256-character phrase of letters typed decomposed (a base
/// letter and two combining marks each, 5 bytes) still fits; a 5 MB string is refused at once.
pub const MAX_PASSPHRASE_BYTES: usize = 16 * MAX_PASSPHRASE_CHARS;

const MAGIC: &[u8; 4] = b"TPK\x01";
const SALT_LEN: usize = 16;
pub(crate) const NONCE_LEN: usize = 24;
pub(crate) const KEY_LEN: usize = 32;
pub(crate) const TAG_LEN: usize = 16;
/// The length of a passphrase-wrapped key.
pub const WRAPPED_LEN: usize = 4 + 12 + SALT_LEN + NONCE_LEN + KEY_LEN + TAG_LEN;

/// The 256-bit SQLCipher key. Zeroized when dropped.
pub struct DbKey(Zeroizing<[u8; KEY_LEN]>);

impl std::fmt::Debug for DbKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DbKey(<hemlig>)")
    }
}

impl DbKey {
    /// A fresh random key from the operating system's CSPRNG.
    pub fn generate() -> Result<Self> {
        let mut k = Zeroizing::new([0u8; KEY_LEN]);
        getrandom::getrandom(k.as_mut()).map_err(|_| Error::Internal("slumptalskälla"))?;
        Ok(DbKey(k))
    }

    #[cfg(test)]
    pub(crate) fn from_bytes(bytes: [u8; KEY_LEN]) -> Self {
        DbKey(Zeroizing::new(bytes))
    }

    /// The value for `PRAGMA key`: a raw key, `x'…'`, so SQLCipher runs no KDF of its own.
    pub(crate) fn sqlcipher_literal(&self) -> Zeroizing<String> {
        let mut hexed = Zeroizing::new([0u8; 2 * KEY_LEN]);
        // Cannot fail: the output buffer is exactly twice the key's length.
        let _ = hex::encode_to_slice(self.0.as_ref(), hexed.as_mut());
        let mut s = Zeroizing::new(String::with_capacity(3 + 2 * KEY_LEN + 3));
        s.push_str("\"x'");
        s.extend(hexed.iter().map(|&b| b as char));
        s.push_str("'\"");
        s
    }

    pub(crate) fn bytes(&self) -> &[u8; KEY_LEN] {
        &self.0
    }

    /// A key from exactly 32 bytes (an unwrapped key).
    pub(crate) fn from_slice(b: &[u8]) -> Result<Self> {
        if b.len() != KEY_LEN {
            return Err(Error::Internal("nyckelns längd"));
        }
        let mut k = Zeroizing::new([0u8; KEY_LEN]);
        k.copy_from_slice(b);
        Ok(DbKey(k))
    }

    /// A 256-bit key derived from this one for another purpose (`label` names it), so this
    /// key itself is never used twice.
    pub(crate) fn derive(&self, label: &str) -> Zeroizing<[u8; KEY_LEN]> {
        use blake2::{Blake2s256, Digest};
        let mut h = Blake2s256::new();
        h.update(label.as_bytes());
        h.update([0u8]);
        h.update(self.0.as_ref());
        let mut k = Zeroizing::new([0u8; KEY_LEN]);
        k.copy_from_slice(&h.finalize());
        k
    }
}

/// XChaCha20-Poly1305 under `kek` with a fresh random nonce: `nonce ‖ ciphertext ‖ tag`.
pub(crate) fn seal(kek: &[u8; 32], aad: &[u8], msg: &[u8]) -> Result<Vec<u8>> {
    let mut nonce = [0u8; NONCE_LEN];
    getrandom::getrandom(&mut nonce).map_err(|_| Error::Internal("slumptalskälla"))?;
    let cipher = XChaCha20Poly1305::new(kek.into());
    let ct = cipher
        .encrypt(XNonce::from_slice(&nonce), Payload { msg, aad })
        .map_err(|_| Error::Internal("inkapsling"))?;
    let mut out = Vec::with_capacity(NONCE_LEN + ct.len());
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&ct);
    Ok(out)
}

/// Opens what [`seal`] made. `Err(())` for anything that doesn't authenticate (including
/// input too short to hold a nonce and a tag). Never panics.
pub(crate) fn open_sealed(
    kek: &[u8; 32],
    aad: &[u8],
    sealed: &[u8],
) -> std::result::Result<Zeroizing<Vec<u8>>, ()> {
    if sealed.len() < NONCE_LEN + TAG_LEN {
        return Err(());
    }
    let cipher = XChaCha20Poly1305::new(kek.into());
    cipher
        .decrypt(
            XNonce::from_slice(&sealed[..NONCE_LEN]),
            Payload {
                msg: &sealed[NONCE_LEN..],
                aad,
            },
        )
        .map(Zeroizing::new)
        .map_err(|_| ())
}

/// Argon2id cost parameters, stored with every wrapped key so they can be raised later.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KdfParams {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl KdfParams {
    /// Chosen for a work laptop: 64 MiB, 3 passes, 1 lane (≈ 150 ms on this project's
    /// 2-core CI machine; see docs/BENCHMARKS.md). Above OWASP's minimum (19 MiB, t = 2).
    pub const DEFAULT: KdfParams = KdfParams {
        memory_kib: 64 * 1024,
        iterations: 3,
        parallelism: 1,
    };

    /// Cheap parameters for unit tests only.
    #[cfg(test)]
    pub const TEST: KdfParams = KdfParams {
        memory_kib: 64,
        iterations: 1,
        parallelism: 1,
    };
}

/// A passphrase as typed, normalised to NFC so "å" typed on different systems is the same.
pub fn normalise_passphrase(p: &str) -> SecretString {
    // NFC never grows a string by more than 3×; reserving that avoids reallocations that would
    // leave unwiped partial copies on the heap.
    let mut s = String::with_capacity(p.len() * 3);
    s.extend(p.nfc());
    SecretString::from(s)
}

/// A passphrase as the user typed it (unlock, the old and new passphrase of a change, a
/// backup's passphrase): refused with [`Error::PassphraseTooLong`] if longer than
/// [`MAX_PASSPHRASE_BYTES`] — before it is normalised, before any keyring read and before
/// Argon2 — then normalised like [`normalise_passphrase`]. Every passphrase that comes from
/// outside the core goes through here.
pub fn typed_passphrase(p: &str) -> Result<SecretString> {
    check_typed_length(p)?;
    Ok(normalise_passphrase(p))
}

/// The length cap of [`typed_passphrase`] alone (cheap: one comparison of a length).
pub fn check_typed_length(p: &str) -> Result<()> {
    if p.len() > MAX_PASSPHRASE_BYTES {
        return Err(Error::PassphraseTooLong {
            max: MAX_PASSPHRASE_CHARS,
        });
    }
    Ok(())
}

/// Checks the rules for a new passphrase: at least [`MIN_PASSPHRASE_CHARS`] and at most
/// [`MAX_PASSPHRASE_CHARS`] characters. The confirmation must match exactly.
pub fn validate_new_passphrase(
    passphrase: &SecretString,
    confirmation: &SecretString,
) -> Result<()> {
    let chars = passphrase.expose_secret().chars().count();
    if chars < MIN_PASSPHRASE_CHARS {
        return Err(Error::PassphraseTooShort {
            min: MIN_PASSPHRASE_CHARS,
        });
    }
    if chars > MAX_PASSPHRASE_CHARS {
        return Err(Error::PassphraseTooLong {
            max: MAX_PASSPHRASE_CHARS,
        });
    }
    if passphrase.expose_secret() != confirmation.expose_secret() {
        return Err(Error::PassphraseMismatch);
    }
    Ok(())
}

fn derive_kek(passphrase: &SecretString, salt: &[u8], p: KdfParams) -> Result<Zeroizing<[u8; 32]>> {
    let params = Params::new(p.memory_kib, p.iterations, p.parallelism, Some(32))
        .map_err(|_| Error::Internal("nyckelhärledningens parametrar"))?;
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
    let mut kek = Zeroizing::new([0u8; 32]);
    argon
        .hash_password_into(passphrase.expose_secret().as_bytes(), salt, kek.as_mut())
        .map_err(|_| Error::Internal("nyckelhärledning"))?;
    Ok(kek)
}

fn header(p: KdfParams) -> [u8; 16] {
    let mut h = [0u8; 16];
    h[..4].copy_from_slice(MAGIC);
    h[4..8].copy_from_slice(&p.memory_kib.to_le_bytes());
    h[8..12].copy_from_slice(&p.iterations.to_le_bytes());
    h[12..16].copy_from_slice(&p.parallelism.to_le_bytes());
    h
}

fn aad(h: &[u8; 16], profile_id: &str) -> Vec<u8> {
    let mut a = h.to_vec();
    a.extend_from_slice(b"tryggplan-databasnyckel:");
    a.extend_from_slice(profile_id.as_bytes());
    a
}

/// Wraps the database key under the passphrase. The result is bound to `profile_id` (as
/// associated data) so a wrapped key can't be swapped in for another profile's.
pub fn wrap(
    key: &DbKey,
    passphrase: &SecretString,
    params: KdfParams,
    profile_id: &str,
) -> Result<Vec<u8>> {
    let mut salt = [0u8; SALT_LEN];
    let mut nonce = [0u8; NONCE_LEN];
    getrandom::getrandom(&mut salt).map_err(|_| Error::Internal("slumptalskälla"))?;
    getrandom::getrandom(&mut nonce).map_err(|_| Error::Internal("slumptalskälla"))?;
    let kek = derive_kek(passphrase, &salt, params)?;
    let cipher = XChaCha20Poly1305::new(kek.as_ref().into());
    let h = header(params);
    let ct = cipher
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: key.bytes(),
                aad: &aad(&h, profile_id),
            },
        )
        .map_err(|_| Error::Internal("nyckelinkapsling"))?;
    let mut out = Vec::with_capacity(WRAPPED_LEN);
    out.extend_from_slice(&h);
    out.extend_from_slice(&salt);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&ct);
    debug_assert_eq!(out.len(), WRAPPED_LEN);
    Ok(out)
}

/// Unwraps a key made by [`wrap`]. A wrong passphrase, a wrapped key of another profile and
/// a damaged blob all fail authentication and give [`Error::WrongPassphrase`]; a blob that
/// isn't ours at all gives [`Error::KeyMissing`]. Never panics on arbitrary bytes.
pub fn unwrap(blob: &[u8], passphrase: &SecretString, profile_id: &str) -> Result<DbKey> {
    if blob.len() != WRAPPED_LEN || &blob[..4] != MAGIC {
        return Err(Error::KeyMissing);
    }
    let word = |i: usize| u32::from_le_bytes([blob[i], blob[i + 1], blob[i + 2], blob[i + 3]]);
    let params = KdfParams {
        memory_kib: word(4),
        iterations: word(8),
        parallelism: word(12),
    };
    // Refuse absurd costs that a tampered blob could use to make unlocking hang or exhaust memory.
    if !(8..=1024 * 1024).contains(&params.memory_kib)
        || !(1..=64).contains(&params.iterations)
        || !(1..=16).contains(&params.parallelism)
    {
        return Err(Error::KeyMissing);
    }
    let h: [u8; 16] = blob[..16].try_into().map_err(|_| Error::KeyMissing)?;
    let salt = &blob[16..16 + SALT_LEN];
    let nonce = &blob[16 + SALT_LEN..16 + SALT_LEN + NONCE_LEN];
    let ct = &blob[16 + SALT_LEN + NONCE_LEN..];
    let kek = derive_kek(passphrase, salt, params)?;
    let cipher = XChaCha20Poly1305::new(kek.as_ref().into());
    let pt = Zeroizing::new(
        cipher
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: ct,
                    aad: &aad(&h, profile_id),
                },
            )
            .map_err(|_| Error::WrongPassphrase)?,
    );
    let mut k = Zeroizing::new([0u8; KEY_LEN]);
    k.copy_from_slice(&pt);
    Ok(DbKey(k))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn pw(s: &str) -> SecretString {
        normalise_passphrase(s)
    }

    #[test]
    fn wrap_then_unwrap_gives_the_same_key() {
        let key = DbKey::generate().unwrap();
        let blob = wrap(&key, &pw("korrekt häst batteri"), KdfParams::TEST, "p1").unwrap();
        let back = unwrap(&blob, &pw("korrekt häst batteri"), "p1").unwrap();
        assert_eq!(key.bytes(), back.bytes());
    }

    #[test]
    fn the_wrapped_blob_does_not_contain_the_key() {
        let key = DbKey::from_bytes([0x5a; 32]);
        let blob = wrap(&key, &pw("korrekt häst batteri"), KdfParams::TEST, "p1").unwrap();
        assert!(!blob.windows(8).any(|w| w == [0x5a; 8]));
    }

    #[test]
    fn wrong_passphrase_is_refused() {
        let key = DbKey::generate().unwrap();
        let blob = wrap(&key, &pw("korrekt häst batteri"), KdfParams::TEST, "p1").unwrap();
        let err = unwrap(&blob, &pw("korrekt häst batteri!"), "p1").unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::WrongPassphrase);
    }

    #[test]
    fn a_key_wrapped_for_another_profile_is_refused() {
        let key = DbKey::generate().unwrap();
        let blob = wrap(&key, &pw("korrekt häst batteri"), KdfParams::TEST, "p1").unwrap();
        assert!(unwrap(&blob, &pw("korrekt häst batteri"), "p2").is_err());
    }

    #[test]
    fn downgraded_kdf_parameters_are_detected() {
        let key = DbKey::generate().unwrap();
        let mut blob = wrap(&key, &pw("korrekt häst batteri"), KdfParams::TEST, "p1").unwrap();
        blob[8] = 2; // iterations 1 -> 2: the header is authenticated
        assert!(unwrap(&blob, &pw("korrekt häst batteri"), "p1").is_err());
    }

    #[test]
    fn passphrase_is_compared_after_nfc_normalisation() {
        let key = DbKey::generate().unwrap();
        let composed = "lösenfras på svenska"; // ö and å precomposed
        let decomposed: String = composed.nfd().collect();
        assert_ne!(composed, decomposed);
        let blob = wrap(&key, &pw(composed), KdfParams::TEST, "p1").unwrap();
        assert!(unwrap(&blob, &pw(&decomposed), "p1").is_ok());
    }

    #[test]
    fn new_passphrase_rules() {
        assert_eq!(
            validate_new_passphrase(&pw("kort"), &pw("kort"))
                .unwrap_err()
                .kind(),
            crate::ErrorKind::PassphraseTooShort
        );
        assert_eq!(
            validate_new_passphrase(&pw("tolv tecken!!"), &pw("tolv tecken!?"))
                .unwrap_err()
                .kind(),
            crate::ErrorKind::PassphraseMismatch
        );
        // 12 characters, counted as characters not bytes ("åäö" are 2 bytes each).
        assert!(validate_new_passphrase(&pw("åäöåäöåäöåäö"), &pw("åäöåäöåäöåäö")).is_ok());
        assert!(validate_new_passphrase(&pw("åäöåäöåäöåä"), &pw("åäöåäöåäöåä")).is_err());
    }

    #[test]
    fn default_parameters_are_argon2id_64_mib_3_passes() {
        assert_eq!(KdfParams::DEFAULT.memory_kib, 65536);
        assert_eq!(KdfParams::DEFAULT.iterations, 3);
    }

    proptest! {
        #[test]
        fn unwrap_never_panics_on_arbitrary_bytes(blob in proptest::collection::vec(any::<u8>(), 0..200)) {
            let _ = unwrap(&blob, &pw("korrekt häst batteri"), "p1");
        }

        #[test]
        fn any_flipped_bit_in_a_wrapped_key_is_detected(pos in 0usize..WRAPPED_LEN, bit in 0u8..8) {
            let key = DbKey::from_bytes([7; 32]);
            let mut blob = wrap(&key, &pw("korrekt häst batteri"), KdfParams::TEST, "p1").unwrap();
            blob[pos] ^= 1 << bit;
            prop_assert!(unwrap(&blob, &pw("korrekt häst batteri"), "p1").is_err());
        }
    }
}
