//! Sealing values at rest with AES-256-GCM (R-SEC4). Each sealed value names
//! the key it was sealed with (`<key id>:<base64 nonce‖ciphertext>`), so keys
//! rotate: new values use the first key of the ring, old ones still open
//! with theirs. The cipher is the `aes-gcm` crate's; nothing here is
//! hand-written cryptography.

use std::collections::HashMap;
use std::path::Path;

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD;
use rand::RngCore;

/// Why a value could not be opened or a ring built.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SealError {
    /// Not in the sealed format.
    #[error("not a sealed value")]
    Format,
    /// Sealed with a key this ring does not have.
    #[error("unknown key id {0}")]
    UnknownKey(String),
    /// Tampered with, or sealed for another purpose.
    #[error("authentication failed")]
    Tampered,
    /// A configured key is unusable.
    #[error("bad key: {0}")]
    BadKey(String),
}

/// The keys values are sealed with; the first is current.
#[derive(Clone)]
pub struct Keyring {
    current: String,
    keys: HashMap<String, Aes256Gcm>,
}

impl std::fmt::Debug for Keyring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keyring")
            .field("current", &self.current)
            .field("keys", &self.keys.len())
            .finish()
    }
}

impl Keyring {
    /// A ring from `(id, 32-byte key)` pairs, current first.
    pub fn new(keys: &[(String, Vec<u8>)]) -> Result<Keyring, SealError> {
        let Some((current, _)) = keys.first() else {
            return Err(SealError::BadKey("no key".into()));
        };
        let mut ring = HashMap::new();
        for (id, bytes) in keys {
            if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                return Err(SealError::BadKey(format!("key id {id:?}")));
            }
            if bytes.len() != 32 {
                return Err(SealError::BadKey(format!("key {id} is not 32 bytes")));
            }
            ring.insert(
                id.clone(),
                Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(bytes)),
            );
        }
        Ok(Keyring {
            current: current.clone(),
            keys: ring,
        })
    }

    /// Parses `id:hexkey` lines (or comma-separated pairs), current first.
    pub fn parse(text: &str) -> Result<Keyring, SealError> {
        let mut keys = Vec::new();
        for item in text
            .lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .flat_map(|l| l.split(','))
            .map(str::trim)
            .filter(|l| !l.is_empty())
        {
            let (id, hex_key) = item
                .split_once(':')
                .ok_or_else(|| SealError::BadKey("expected id:hexkey".into()))?;
            let bytes = hex::decode(hex_key.trim())
                .map_err(|_| SealError::BadKey(format!("key {id} is not hex")))?;
            keys.push((id.trim().to_owned(), bytes));
        }
        Keyring::new(&keys)
    }

    /// `PARLEY_DATA_KEYS` if set, else `<data>/data.keys`, created with one
    /// random key on first start (mode 0600).
    pub fn load(configured: Option<&str>, data_dir: &Path) -> Result<Keyring, SealError> {
        if let Some(text) = configured {
            return Keyring::parse(text);
        }
        let path = data_dir.join("data.keys");
        if let Ok(text) = std::fs::read_to_string(&path) {
            return Keyring::parse(&text);
        }
        let mut key = [0u8; 32];
        rand::rng().fill_bytes(&mut key);
        let text = format!(
            "# Parley data keys: id:hex, current first. Add a new line on top to rotate.\nk1:{}\n",
            hex::encode(key)
        );
        crate::security::files::write_private(&path, text.as_bytes())
            .map_err(|e| SealError::BadKey(e.to_string()))?;
        Keyring::parse(&text)
    }

    /// The id new values are sealed with.
    pub fn current_id(&self) -> &str {
        &self.current
    }

    /// Seals `plain`, bound to `purpose` (e.g. `totp`, `customer.email`): a
    /// value cannot be moved to another purpose and still open.
    pub fn seal(&self, purpose: &str, plain: &[u8]) -> String {
        let cipher = &self.keys[&self.current];
        let mut nonce = [0u8; 12];
        rand::rng().fill_bytes(&mut nonce);
        let sealed = cipher
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: plain,
                    aad: purpose.as_bytes(),
                },
            )
            .unwrap_or_default();
        let mut out = nonce.to_vec();
        out.extend(sealed);
        format!("{}:{}", self.current, STANDARD_NO_PAD.encode(out))
    }

    /// Opens a value sealed for `purpose` by any key of the ring.
    pub fn open(&self, purpose: &str, sealed: &str) -> Result<Vec<u8>, SealError> {
        let (id, body) = sealed.split_once(':').ok_or(SealError::Format)?;
        let cipher = self
            .keys
            .get(id)
            .ok_or_else(|| SealError::UnknownKey(id.to_owned()))?;
        let bytes = STANDARD_NO_PAD
            .decode(body)
            .map_err(|_| SealError::Format)?;
        if bytes.len() < 12 + 16 {
            return Err(SealError::Format);
        }
        let (nonce, ct) = bytes.split_at(12);
        cipher
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: ct,
                    aad: purpose.as_bytes(),
                },
            )
            .map_err(|_| SealError::Tampered)
    }

    /// Opens a sealed UTF-8 text.
    pub fn open_text(&self, purpose: &str, sealed: &str) -> Result<String, SealError> {
        String::from_utf8(self.open(purpose, sealed)?).map_err(|_| SealError::Format)
    }

    /// The key id a sealed value names.
    pub fn key_of(sealed: &str) -> Option<&str> {
        sealed.split_once(':').map(|(id, _)| id)
    }
}

/// Files (customers' uploads) are sealed as a stream, in chunks of this
/// many plaintext bytes (the STREAM construction of the `aead` crate: each
/// chunk authenticated, their order and the end too).
pub const FILE_CHUNK: usize = 64 * 1024;
/// The first bytes of a sealed file, then the key id, `\n`, and the
/// 7-byte nonce prefix.
const FILE_MAGIC: &[u8] = b"PARLEY-SEALED-FILE-1\n";
/// STREAM's nonce prefix for AES-GCM (12 bytes less its 5-byte counter).
const FILE_NONCE: usize = 7;

type FileEncryptor = aes_gcm::aead::stream::EncryptorBE32<Aes256Gcm>;
type FileDecryptor = aes_gcm::aead::stream::DecryptorBE32<Aes256Gcm>;

/// Seals a file as it streams in: [`FileSealer::push`] the bytes as they
/// come, write what it returns, then write [`FileSealer::finish`].
pub struct FileSealer {
    encryptor: FileEncryptor,
    pending: Vec<u8>,
    purpose: String,
}

impl FileSealer {
    /// Takes more plaintext; returns the sealed chunks now complete.
    pub fn push(&mut self, mut data: &[u8]) -> Result<Vec<u8>, SealError> {
        let mut out = Vec::new();
        while !data.is_empty() {
            let take = (FILE_CHUNK - self.pending.len()).min(data.len());
            self.pending.extend_from_slice(&data[..take]);
            data = &data[take..];
            if self.pending.len() == FILE_CHUNK && !data.is_empty() {
                let chunk = self
                    .encryptor
                    .encrypt_next(Payload {
                        msg: &self.pending,
                        aad: self.purpose.as_bytes(),
                    })
                    .map_err(|_| SealError::Format)?;
                out.extend(chunk);
                self.pending.clear();
            }
        }
        Ok(out)
    }

    /// The last chunk (the rest of the plaintext, possibly empty).
    pub fn finish(self) -> Result<Vec<u8>, SealError> {
        self.encryptor
            .encrypt_last(Payload {
                msg: &self.pending,
                aad: self.purpose.as_bytes(),
            })
            .map_err(|_| SealError::Format)
    }
}

impl Keyring {
    /// Starts sealing a file for `purpose` with the current key: the header
    /// to write first, and the sealer for the content.
    pub fn seal_file(&self, purpose: &str) -> (Vec<u8>, FileSealer) {
        let mut nonce = [0u8; FILE_NONCE];
        rand::rng().fill_bytes(&mut nonce);
        let cipher = self.keys[&self.current].clone();
        let encryptor = FileEncryptor::from_aead(cipher, (&nonce).into());
        let mut header = FILE_MAGIC.to_vec();
        header.extend_from_slice(self.current.as_bytes());
        header.push(b'\n');
        header.extend_from_slice(&nonce);
        (
            header,
            FileSealer {
                encryptor,
                pending: Vec::with_capacity(FILE_CHUNK),
                purpose: purpose.to_owned(),
            },
        )
    }

    /// Whether `bytes` are a sealed file (files stored before sealing
    /// began are plain).
    pub fn is_sealed_file(bytes: &[u8]) -> bool {
        bytes.starts_with(FILE_MAGIC)
    }

    /// Opens a whole sealed file for `purpose`.
    pub fn open_file(&self, purpose: &str, bytes: &[u8]) -> Result<Vec<u8>, SealError> {
        let rest = bytes.strip_prefix(FILE_MAGIC).ok_or(SealError::Format)?;
        let end = rest
            .iter()
            .position(|b| *b == b'\n')
            .ok_or(SealError::Format)?;
        let id = std::str::from_utf8(&rest[..end]).map_err(|_| SealError::Format)?;
        let cipher = self
            .keys
            .get(id)
            .ok_or_else(|| SealError::UnknownKey(id.to_owned()))?
            .clone();
        let rest = &rest[end + 1..];
        if rest.len() < FILE_NONCE + 16 {
            return Err(SealError::Format);
        }
        let (nonce, mut body) = rest.split_at(FILE_NONCE);
        let mut decryptor = FileDecryptor::from_aead(cipher, nonce.into());
        let mut plain = Vec::with_capacity(body.len());
        let sealed_chunk = FILE_CHUNK + 16;
        while body.len() > sealed_chunk {
            let (chunk, next) = body.split_at(sealed_chunk);
            plain.extend(
                decryptor
                    .decrypt_next(Payload {
                        msg: chunk,
                        aad: purpose.as_bytes(),
                    })
                    .map_err(|_| SealError::Tampered)?,
            );
            body = next;
        }
        plain.extend(
            decryptor
                .decrypt_last(Payload {
                    msg: body,
                    aad: purpose.as_bytes(),
                })
                .map_err(|_| SealError::Tampered)?,
        );
        Ok(plain)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_seal_as_a_stream_and_open_only_whole_and_for_their_purpose() {
        let keys = ring(
            "k2:2222222222222222222222222222222222222222222222222222222222222222\nk1:1111111111111111111111111111111111111111111111111111111111111111",
        );
        for size in [
            0,
            1,
            FILE_CHUNK - 1,
            FILE_CHUNK,
            FILE_CHUNK + 1,
            3 * FILE_CHUNK + 17,
        ] {
            let plain: Vec<u8> = (0..size).map(|i| (i * 7 % 251) as u8).collect();
            let (mut sealed, mut sealer) = keys.seal_file("attachment:a");
            // In odd pieces, as a body arrives.
            for piece in plain.chunks(10_007) {
                sealed.extend(sealer.push(piece).unwrap());
            }
            sealed.extend(sealer.finish().unwrap());
            assert!(Keyring::is_sealed_file(&sealed));
            assert_eq!(
                keys.open_file("attachment:a", &sealed).unwrap(),
                plain,
                "{size}"
            );
            assert_eq!(
                keys.open_file("attachment:b", &sealed),
                Err(SealError::Tampered),
                "bound to its purpose"
            );
            if size > FILE_CHUNK {
                // Cut at a chunk boundary: the end is authenticated too.
                let header = sealed.len()
                    - (size / FILE_CHUNK) * (FILE_CHUNK + 16)
                    - (size % FILE_CHUNK)
                    - 16;
                let cut = &sealed[..header + FILE_CHUNK + 16];
                assert!(keys.open_file("attachment:a", cut).is_err());
            }
            if size > 0 {
                let mut flipped = sealed.clone();
                let last = flipped.len() - 1;
                flipped[last] ^= 1;
                assert_eq!(
                    keys.open_file("attachment:a", &flipped),
                    Err(SealError::Tampered)
                );
            }
        }
        // Old keys still open files sealed with them; unknown ones are named.
        let (mut old, sealer) =
            ring("k1:1111111111111111111111111111111111111111111111111111111111111111")
                .seal_file("p");
        old.extend(sealer.finish().unwrap());
        assert_eq!(keys.open_file("p", &old).unwrap(), Vec::<u8>::new());
        let other = ring("k9:9999999999999999999999999999999999999999999999999999999999999999");
        assert_eq!(
            other.open_file("p", &old),
            Err(SealError::UnknownKey("k1".into()))
        );
        assert!(!Keyring::is_sealed_file(b"\x89PNG"));
    }

    fn ring(text: &str) -> Keyring {
        Keyring::parse(text).unwrap()
    }

    const K1: &str = "k1:0000000000000000000000000000000000000000000000000000000000000001";
    const K2: &str = "k2:0000000000000000000000000000000000000000000000000000000000000002";

    #[test]
    fn seals_and_opens_without_showing_the_plain_text() {
        let r = ring(K1);
        let s = r.seal("customer.email", b"ana@example.com");
        assert!(s.starts_with("k1:"));
        assert!(!s.contains("ana"));
        assert_eq!(
            r.open_text("customer.email", &s).unwrap(),
            "ana@example.com"
        );
        // A fresh nonce each time.
        assert_ne!(s, r.seal("customer.email", b"ana@example.com"));
    }

    #[test]
    fn rotation_keeps_old_values_readable_and_seals_with_the_new_key() {
        let old = ring(K1);
        let sealed_before = old.seal("totp", b"secret");
        let rotated = ring(&format!("{K2}\n{K1}"));
        assert_eq!(rotated.current_id(), "k2");
        assert_eq!(rotated.open("totp", &sealed_before).unwrap(), b"secret");
        let sealed_after = rotated.seal("totp", b"secret");
        assert_eq!(Keyring::key_of(&sealed_after), Some("k2"));
        assert_eq!(
            old.open("totp", &sealed_after),
            Err(SealError::UnknownKey("k2".into()))
        );
    }

    #[test]
    fn tampering_wrong_purpose_and_garbage_are_refused() {
        let r = ring(K1);
        let s = r.seal("customer.phone", b"+49 30 1234");
        assert_eq!(r.open("customer.email", &s), Err(SealError::Tampered));
        let mut bytes = s.into_bytes();
        let last = bytes.len() - 2;
        bytes[last] = if bytes[last] == b'A' { b'B' } else { b'A' };
        let flipped = String::from_utf8(bytes).unwrap();
        assert_eq!(r.open("customer.phone", &flipped), Err(SealError::Tampered));
        assert_eq!(r.open("x", "nonsense"), Err(SealError::Format));
        assert_eq!(r.open("x", "k1:AAAA"), Err(SealError::Format));
    }

    #[test]
    fn bad_configuration_is_refused() {
        assert!(Keyring::parse("").is_err());
        assert!(Keyring::parse("k1:abcd").is_err());
        assert!(Keyring::parse("k 1:00").is_err());
        assert!(Keyring::parse("no-colon").is_err());
    }

    #[test]
    fn load_creates_a_private_key_file_once() {
        let dir = tempfile::tempdir().unwrap();
        let a = Keyring::load(None, dir.path()).unwrap();
        let sealed = a.seal("p", b"x");
        let b = Keyring::load(None, dir.path()).unwrap();
        assert_eq!(b.open("p", &sealed).unwrap(), b"x");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("data.keys"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
