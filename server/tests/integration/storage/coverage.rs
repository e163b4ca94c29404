//! The suite covers the traits: every `async fn` declared in
//! `server/src/storage/*.rs` is called somewhere in this folder. A method
//! added without a conformance check fails here, naming it.

use std::path::Path;

fn read_dir(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn every_storage_method_has_a_conformance_check() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let traits = read_dir(&root.join("src/storage"));
    let suite: String = read_dir(&root.join("tests/integration/storage"))
        .into_iter()
        .filter(|(name, _)| name != "coverage.rs")
        .map(|(_, text)| text)
        .collect();
    let mut methods = Vec::new();
    for (file, text) in &traits {
        for line in text.lines() {
            if let Some(rest) = line.trim().strip_prefix("async fn ") {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                methods.push((file.clone(), name));
            }
        }
    }
    assert!(methods.len() > 90, "found only {} methods", methods.len());
    let missing: Vec<String> = methods
        .iter()
        .filter(|(_, name)| !suite.contains(&format!(".{name}(")))
        .map(|(file, name)| format!("{file}: {name}"))
        .collect();
    assert!(
        missing.is_empty(),
        "no conformance check calls: {missing:?}"
    );
}
