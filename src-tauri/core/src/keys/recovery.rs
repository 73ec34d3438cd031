//! The recovery key ("återställningsnyckel"): a second way to the database key, on paper.
//!
//! Issue 8: "with it the data can be opened when the passphrase is forgotten or the OS keyring
//! is lost (new laptop, reinstalled Windows)". The key is 160 bits from the OS CSPRNG, written
//! as 32 Crockford base32 characters in groups of four, followed by a check group of four
//! characters: a CRC of degree 20 over the key's bits. A CRC whose polynomial has a constant
//! term detects every error burst no longer than its degree, so **every single mistyped
//! character and every swap of two neighbouring characters is caught** before anything is
//! tried (tested exhaustively below). When typing, case, spaces and hyphens don't matter, and
//! the letters O, I and L are read as 0, 1 and 1 (Crockford's rule).
//!
//! The database key wrapped under a key derived from the recovery key lives in a file beside
//! the database ([`RECOVERY_FILE`]). That is safe on disk because the recovery key is
//! high-entropy (no passphrase to guess), so a fast derivation (BLAKE2s) is enough; the file is
//! still owner-only and written atomically, and it is bound to the profile's id.

use blake2::{Blake2s256, Digest};
use zeroize::Zeroizing;

use super::{open_sealed, seal, DbKey, KEY_LEN};
use crate::{Error, Result};

/// The file beside the database that holds the database key wrapped by the recovery key.
pub const RECOVERY_FILE: &str = "aterstallning.nyckel";

const MAGIC: &[u8; 4] = b"TPR\x01";
const SALT_LEN: usize = 16;
/// 160 bits of key.
const RAW_LEN: usize = 20;
/// 32 key characters + 4 check characters.
const CHARS: usize = 36;
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// The longest recovery key input read at all, in bytes: 36 characters and the separators a
/// person types between the groups (spaces, hyphens, dashes) fit many times over. Anything
/// longer is refused as mistyped before it is read.
pub const MAX_TYPED_BYTES: usize = 200;
/// The length of a recovery file: magic, salt, nonce, the sealed key.
pub const RECOVERY_BLOB_LEN: usize = 4 + SALT_LEN + super::NONCE_LEN + KEY_LEN + super::TAG_LEN;

/// A recovery key. Zeroized when dropped; never printed by `Debug`.
pub struct RecoveryKey(Zeroizing<[u8; RAW_LEN]>);

impl std::fmt::Debug for RecoveryKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoveryKey(<hemlig>)")
    }
}

/// CRC-20 with the primitive polynomial x^20 + x^3 + 1, over the 160 key bits, MSB first.
fn check_value(raw: &[u8; RAW_LEN]) -> u32 {
    const POLY: u32 = 0b1001; // x^3 + 1; the x^20 term is implicit
    const TOP: u32 = 1 << 19;
    let mut crc: u32 = 0;
    for byte in raw.iter() {
        for i in (0..8).rev() {
            let bit = u32::from((byte >> i) & 1);
            let feedback = ((crc & TOP) != 0) as u32 ^ bit;
            crc = (crc << 1) & 0xF_FFFF;
            if feedback != 0 {
                crc ^= POLY;
            }
        }
    }
    crc
}

/// The 36 symbols (5-bit values) of a key: 32 for the key, 4 for the check.
fn symbols(raw: &[u8; RAW_LEN]) -> [u8; CHARS] {
    let mut out = [0u8; CHARS];
    // 160 bits = 32 symbols of 5 bits, MSB first.
    let mut acc: u64 = 0;
    let mut bits = 0;
    let mut n = 0;
    for &b in raw.iter() {
        acc = ((acc << 8) | u64::from(b)) & 0xFFFF;
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out[n] = ((acc >> bits) & 31) as u8;
            n += 1;
        }
    }
    let check = check_value(raw);
    for i in 0..4 {
        out[32 + i] = ((check >> (15 - 5 * i)) & 31) as u8;
    }
    out
}

impl RecoveryKey {
    /// A fresh key from the operating system's CSPRNG.
    pub fn generate() -> Result<Self> {
        let mut raw = Zeroizing::new([0u8; RAW_LEN]);
        getrandom::getrandom(raw.as_mut()).map_err(|_| Error::Internal("slumptalskälla"))?;
        Ok(RecoveryKey(raw))
    }

    #[cfg(test)]
    pub(crate) fn from_raw(raw: [u8; RAW_LEN]) -> Self {
        RecoveryKey(Zeroizing::new(raw))
    }

    /// The key as the user writes it: nine groups of four characters, the last one the check
    /// group, joined by hyphens (`7K3M-…-Q2XD`).
    pub fn display(&self) -> Zeroizing<String> {
        let groups = self.groups();
        let mut s = Zeroizing::new(String::with_capacity(CHARS + 8));
        for (i, g) in groups.iter().enumerate() {
            if i > 0 {
                s.push('-');
            }
            s.push_str(g);
        }
        s
    }

    /// The nine groups of four characters (the last is the check group), for the sheet.
    pub fn groups(&self) -> Zeroizing<Vec<String>> {
        let sym = Zeroizing::new(symbols(&self.0));
        let mut out = Zeroizing::new(Vec::with_capacity(9));
        for chunk in sym.chunks(4) {
            out.push(
                chunk
                    .iter()
                    .map(|&v| ALPHABET[v as usize] as char)
                    .collect(),
            );
        }
        out
    }

    /// Reads a key as typed. Case, spaces and hyphens are ignored; O reads as 0, I and L as 1.
    /// A character outside the alphabet, a wrong length or a check group that doesn't match
    /// gives [`Error::RecoveryKeyMistyped`], and so does input longer than [`MAX_TYPED_BYTES`]
    /// (checked first). Never panics on any input.
    pub fn parse(typed: &str) -> Result<Self> {
        if typed.len() > MAX_TYPED_BYTES {
            return Err(Error::RecoveryKeyMistyped);
        }
        let mut sym = Zeroizing::new([0u8; CHARS]);
        let mut n = 0;
        for c in typed.chars() {
            if c.is_whitespace() || matches!(c, '-' | '–' | '—') {
                continue;
            }
            let c = match c.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                c => c,
            };
            let v = ALPHABET
                .iter()
                .position(|&a| a as char == c)
                .ok_or(Error::RecoveryKeyMistyped)?;
            if n == CHARS {
                return Err(Error::RecoveryKeyMistyped);
            }
            sym[n] = v as u8;
            n += 1;
        }
        if n != CHARS {
            return Err(Error::RecoveryKeyMistyped);
        }
        let mut raw = Zeroizing::new([0u8; RAW_LEN]);
        let mut acc: u64 = 0;
        let mut bits = 0;
        let mut k = 0;
        for &v in sym[..32].iter() {
            acc = ((acc << 5) | u64::from(v)) & 0xFFFF;
            bits += 5;
            if bits >= 8 {
                bits -= 8;
                raw[k] = ((acc >> bits) & 0xFF) as u8;
                k += 1;
            }
        }
        let check = sym[32..].iter().fold(0u32, |a, &v| (a << 5) | u32::from(v));
        if check != check_value(&raw) {
            return Err(Error::RecoveryKeyMistyped);
        }
        Ok(RecoveryKey(raw))
    }

    fn kek(&self, salt: &[u8]) -> Zeroizing<[u8; 32]> {
        let mut h = Blake2s256::new();
        h.update("tryggplan-återställningsnyckel-v1\0".as_bytes());
        h.update(salt);
        h.update(self.0.as_ref());
        let mut k = Zeroizing::new([0u8; 32]);
        k.copy_from_slice(&h.finalize());
        k
    }
}

fn aad(profile_id: &str) -> Vec<u8> {
    let mut a = MAGIC.to_vec();
    a.extend_from_slice("tryggplan-återställning:".as_bytes());
    a.extend_from_slice(profile_id.as_bytes());
    a
}

/// Wraps the database key under the recovery key, bound to `profile_id`.
pub fn wrap(key: &DbKey, recovery: &RecoveryKey, profile_id: &str) -> Result<Vec<u8>> {
    let mut salt = [0u8; SALT_LEN];
    getrandom::getrandom(&mut salt).map_err(|_| Error::Internal("slumptalskälla"))?;
    let kek = recovery.kek(&salt);
    let mut out = Vec::with_capacity(RECOVERY_BLOB_LEN);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&salt);
    out.extend_from_slice(&seal(&kek, &aad(profile_id), key.bytes())?);
    debug_assert_eq!(out.len(), RECOVERY_BLOB_LEN);
    Ok(out)
}

/// Unwraps a key made by [`wrap`]. A wrong recovery key, another profile's file or a damaged
/// file give [`Error::WrongRecoveryKey`]; bytes that aren't a recovery file at all give
/// [`Error::RecoveryMissing`]. Never panics on arbitrary bytes.
pub fn unwrap(blob: &[u8], recovery: &RecoveryKey, profile_id: &str) -> Result<DbKey> {
    if blob.len() != RECOVERY_BLOB_LEN || &blob[..4] != MAGIC {
        return Err(Error::RecoveryMissing);
    }
    let kek = recovery.kek(&blob[4..4 + SALT_LEN]);
    let pt = open_sealed(&kek, &aad(profile_id), &blob[4 + SALT_LEN..])
        .map_err(|_| Error::WrongRecoveryKey)?;
    DbKey::from_slice(&pt)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn typed_variants(s: &str) -> Vec<String> {
        vec![
            s.to_owned(),
            s.to_lowercase(),
            s.replace('-', " "),
            s.replace('-', ""),
            s.replace('0', "O").replace('1', "l"),
            format!("  {}\n", s.replace('-', " – ")),
        ]
    }

    #[test]
    fn every_character_a_key_is_printed_with_is_in_the_cut_down_monospaced_face() {
        // The recovery sheet draws the key in DejaVu Sans Mono Bold cut down to ASCII: a
        // character missing there would print as a box on the one paper that opens the data.
        let mono = &crate::document::fonts::fonts().mono;
        let shown = RecoveryKey::generate().unwrap().display().to_string();
        let printed = ALPHABET
            .iter()
            .map(|&b| b as char)
            .chain(" -".chars())
            .chain(shown.chars());
        for c in printed {
            assert!(
                mono.lookup_glyph_index(c as u32).is_some(),
                "{c:?} is not in the monospaced face"
            );
        }
        // And the cut is real: a letter outside ASCII is not there.
        assert!(mono.lookup_glyph_index('Å' as u32).is_none());
    }

    #[test]
    fn a_key_has_at_least_128_random_bits_in_nine_groups_of_four() {
        let k = RecoveryKey::generate().unwrap();
        let shown = k.display();
        assert_eq!(shown.len(), 9 * 4 + 8);
        assert_eq!(k.groups().len(), 9);
        assert!(k.groups().iter().all(|g| g.len() == 4));
        const { assert!(RAW_LEN * 8 >= 128) };
        // Two keys differ (a fixed key would pass every other test).
        assert_ne!(
            *RecoveryKey::generate().unwrap().display(),
            *RecoveryKey::generate().unwrap().display()
        );
    }

    #[test]
    fn the_key_reads_back_however_it_is_typed() {
        let k = RecoveryKey::generate().unwrap();
        for t in typed_variants(&k.display()) {
            let back = RecoveryKey::parse(&t).unwrap_or_else(|_| panic!("{t}"));
            assert_eq!(*back.0, *k.0);
        }
    }

    #[test]
    fn wrong_length_and_foreign_characters_are_mistypes() {
        let k = RecoveryKey::generate().unwrap();
        let shown = k.display().to_string();
        for bad in [
            String::new(),
            shown[..shown.len() - 1].to_owned(),
            format!("{shown}0"),
            shown.replacen(|c: char| c.is_ascii_alphanumeric(), "U", 1),
            shown.replacen(|c: char| c.is_ascii_alphanumeric(), "Å", 1),
        ] {
            assert_eq!(
                RecoveryKey::parse(&bad).unwrap_err().kind(),
                crate::ErrorKind::RecoveryKeyMistyped,
                "{bad}"
            );
        }
    }

    /// Every single substituted character, in every position, of a few keys; and every swap
    /// of two neighbouring characters. The CRC guarantees it, this checks the implementation.
    #[test]
    fn every_single_typo_and_neighbour_swap_is_caught() {
        for seed in [[0u8; 20], [0xFF; 20], [0x5A; 20], {
            let mut r = [0u8; 20];
            getrandom::getrandom(&mut r).unwrap();
            r
        }] {
            let k = RecoveryKey::from_raw(seed);
            let sym = symbols(&k.0);
            for pos in 0..CHARS {
                for v in 0..32u8 {
                    if v == sym[pos] {
                        continue;
                    }
                    let mut s = sym;
                    s[pos] = v;
                    let typed: String = s.iter().map(|&x| ALPHABET[x as usize] as char).collect();
                    assert!(RecoveryKey::parse(&typed).is_err(), "{pos} {v}");
                }
                if pos + 1 < CHARS && sym[pos] != sym[pos + 1] {
                    let mut s = sym;
                    s.swap(pos, pos + 1);
                    let typed: String = s.iter().map(|&x| ALPHABET[x as usize] as char).collect();
                    assert!(RecoveryKey::parse(&typed).is_err(), "swap {pos}");
                }
            }
        }
    }

    #[test]
    fn wrap_unwrap_and_refusals() {
        let key = DbKey::from_bytes([9; 32]);
        let rk = RecoveryKey::generate().unwrap();
        let blob = wrap(&key, &rk, "p1").unwrap();
        assert_eq!(blob.len(), RECOVERY_BLOB_LEN);
        assert!(
            !blob.windows(8).any(|w| w == [9; 8]),
            "the key is not in the file"
        );
        assert_eq!(unwrap(&blob, &rk, "p1").unwrap().bytes(), key.bytes());
        let other = RecoveryKey::generate().unwrap();
        assert_eq!(
            unwrap(&blob, &other, "p1").unwrap_err().kind(),
            crate::ErrorKind::WrongRecoveryKey
        );
        assert_eq!(
            unwrap(&blob, &rk, "p2").unwrap_err().kind(),
            crate::ErrorKind::WrongRecoveryKey
        );
        assert_eq!(
            unwrap(&blob[1..], &rk, "p1").unwrap_err().kind(),
            crate::ErrorKind::KeyMissing
        );
    }

    proptest! {
        #[test]
        fn parse_never_panics(s in ".{0,80}") {
            let _ = RecoveryKey::parse(&s);
        }

        #[test]
        fn any_flipped_bit_in_a_recovery_file_is_detected(pos in 0usize..RECOVERY_BLOB_LEN, bit in 0u8..8) {
            let key = DbKey::from_bytes([3; 32]);
            let rk = RecoveryKey::from_raw([4; 20]);
            let mut blob = wrap(&key, &rk, "p1").unwrap();
            blob[pos] ^= 1 << bit;
            prop_assert!(unwrap(&blob, &rk, "p1").is_err());
        }
    }
}
