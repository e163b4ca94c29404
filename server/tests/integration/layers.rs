//! Import hygiene, read from the source of both crates (`use` lines and
//! `crate::` paths):
//!
//! - the server's imports point down only, in the order the README's Layout
//!   section gives ([`SERVER_LAYERS`]); modules of one rank do not import
//!   each other;
//! - no import circle between files, in either crate (a `pub use`
//!   re-export makes a facade, not a dependency, so it is not an edge);
//! - no file longer than [`MAX_LINES`] lines outside tests;
//! - HTTP handlers and websocket sessions (`http/`, `realtime/`) reach
//!   storage only through services: none of them names `state.store`, so a
//!   new route or frame cannot skip a rule or its audit line.
//!
//! Code under `#[cfg(test)] mod tests` at the end of a file, and files named
//! `tests.rs`, are tests and not checked.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The server's top-level modules, lowest first. A module may import only
/// modules of a lower rank.
const SERVER_LAYERS: &[(&str, u8)] = &[
    ("domain", 0),
    ("security", 0),
    ("events", 0),
    ("storage", 1),
    ("search", 1),
    ("cluster", 1),
    ("error", 2),
    ("state", 2),
    ("config", 3),
    ("services", 4),
    ("realtime", 5),
    ("http", 5),
    ("serve", 5),
    ("smtp", 5),
    ("lib", 6),
];

/// Longest file outside tests.
const MAX_LINES: usize = 800;

/// One source file: its module path and what it refers to.
struct Source {
    file: PathBuf,
    module: Vec<String>,
    /// Paths it uses, absolute within the crate, and whether by `pub use`.
    paths: Vec<(Vec<String>, bool)>,
    lines: usize,
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The text before a trailing `#[cfg(test)] mod tests`.
fn without_tests(text: &str) -> &str {
    let mut at = 0;
    for (i, _) in text.match_indices("#[cfg(test)]") {
        let after = text[i + "#[cfg(test)]".len()..].trim_start();
        if after.starts_with("mod tests {") {
            at = i;
        }
    }
    if at == 0 { text } else { &text[..at] }
}

/// Expands a `use` tree (`a::{b, c::{d, e}}`) into its paths.
fn expand(tree: &str) -> Vec<String> {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else {
        let path = tree.split(" as ").next().unwrap_or("").trim();
        return if path.is_empty() {
            vec![]
        } else {
            vec![path.to_owned()]
        };
    };
    let prefix = tree[..open].trim().trim_end_matches("::");
    let inner = &tree[open + 1..tree.rfind('}').unwrap()];
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .flat_map(expand)
        .map(|p| {
            if p == "self" {
                prefix.to_owned()
            } else {
                format!("{prefix}::{p}")
            }
        })
        .collect()
}

/// `crate::`, `super::` and `self::` paths made absolute (segments).
fn absolute(module: &[String], path: &str) -> Option<Vec<String>> {
    let segs: Vec<&str> = path.split("::").map(str::trim).collect();
    let mut base: Vec<String>;
    let mut rest = &segs[..];
    match segs.first()? {
        &"crate" => {
            base = vec![];
            rest = &segs[1..];
        }
        &"super" | &"self" => {
            // `self` is the file's module (`a/b.rs` and `a/b/mod.rs` are
            // both `a::b`); each `super` goes one module up.
            base = module.to_vec();
            while let Some(&"super") = rest.first() {
                base.pop();
                rest = &rest[1..];
            }
            if let Some(&"self") = rest.first() {
                rest = &rest[1..];
            }
        }
        // A bare first segment names a child module (`use session::X` in
        // `desk/mod.rs`) or an external crate; the caller keeps it only if
        // such a child exists.
        _ => {
            base = module.to_vec();
            base.push("?".to_owned());
        }
    }
    base.extend(rest.iter().filter(|s| **s != "*").map(|s| (*s).to_owned()));
    Some(base)
}

fn read(crate_dir: &Path) -> Vec<Source> {
    let src = crate_dir.join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let known: BTreeSet<Vec<String>> = files.iter().map(|f| module_of(&src, f)).collect();
    let mut out = Vec::new();
    for file in files {
        if file
            .file_name()
            .is_some_and(|n| n == "tests.rs" || n == "main.rs")
        {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let code = without_tests(&text);
        let module = module_of(&src, &file);

        let mut paths = Vec::new();
        // `use` statements, possibly spanning lines.
        let mut rest = code;
        let mut no_uses = String::new();
        while let Some(i) = find_use(rest) {
            let stmt_start = i;
            let end = rest[stmt_start..]
                .find(';')
                .map(|e| stmt_start + e)
                .unwrap();
            let stmt = &rest[stmt_start..end];
            let public = stmt.trim_start().starts_with("pub");
            let tree = &stmt[stmt.find("use ").unwrap() + 4..];
            for p in expand(tree) {
                if let Some(mut abs) = absolute(&module, &p) {
                    if let Some(at) = abs.iter().position(|s| s == "?") {
                        // `?` stands before the bare first segment.
                        abs.remove(at);
                        if !known.contains(&abs[..=at.min(abs.len() - 1)]) {
                            continue; // an external crate
                        }
                    }
                    paths.push((abs, public));
                }
            }
            no_uses.push_str(&rest[..stmt_start]);
            rest = &rest[end..];
        }
        no_uses.push_str(rest);
        // Inline `crate::a::b` paths in code (not in comments: a doc link
        // is not a dependency).
        let code: String = no_uses
            .lines()
            .map(|l| l.find("//").map_or(l, |c| &l[..c]))
            .collect::<Vec<_>>()
            .join("\n");
        let inline = code
            .match_indices("crate::")
            .chain(code.match_indices("super::"))
            .map(|(i, _)| i)
            .collect::<Vec<_>>();
        for i in inline {
            let prev = code[..i].chars().next_back().unwrap_or(' ');
            // `pub(in crate::x)` is a visibility, not a dependency.
            if prev.is_alphanumeric() || prev == '_' || prev == ':' || code[..i].ends_with("(in ") {
                continue;
            }
            let path: String = code[i..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            if let Some(abs) = absolute(&module, path.trim_end_matches(':')) {
                paths.push((abs, false));
            }
        }
        out.push(Source {
            file,
            module,
            paths,
            lines: without_tests(&text).lines().count(),
        });
    }
    out
}

/// The start of the next `use` statement (at a line start, after
/// indentation and any visibility).
fn find_use(text: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        let t2 = t
            .strip_prefix("pub(crate) ")
            .or_else(|| t.strip_prefix("pub(super) "))
            .or_else(|| t.strip_prefix("pub "))
            .unwrap_or(t);
        if t2.starts_with("use ") && !t.starts_with("//") {
            return Some(offset + (line.len() - t.len()));
        }
        offset += line.len();
    }
    None
}

/// The file defining the longest prefix of `path`.
fn file_of(modules: &BTreeMap<Vec<String>, usize>, path: &[String]) -> Option<usize> {
    (0..=path.len())
        .rev()
        .find_map(|k| modules.get(&path[..k]).copied())
}

fn graph(sources: &[Source]) -> Vec<BTreeSet<usize>> {
    let modules: BTreeMap<Vec<String>, usize> = sources
        .iter()
        .enumerate()
        .map(|(i, s)| (s.module.clone(), i))
        .collect();
    sources
        .iter()
        .enumerate()
        .map(|(i, s)| {
            s.paths
                .iter()
                .filter(|(_, public)| !public)
                .filter_map(|(p, _)| file_of(&modules, p))
                .filter(|j| *j != i)
                .collect()
        })
        .collect()
}

/// The groups of files that import each other in a circle (strongly
/// connected components of more than one file), as file names.
fn circles(sources: &[Source], edges: &[BTreeSet<usize>]) -> Vec<Vec<String>> {
    // Kosaraju: order by finish time, then walk the reversed graph.
    fn finish(n: usize, edges: &[BTreeSet<usize>], seen: &mut [bool], order: &mut Vec<usize>) {
        seen[n] = true;
        for &m in &edges[n] {
            if !seen[m] {
                finish(m, edges, seen, order);
            }
        }
        order.push(n);
    }
    fn collect(n: usize, back: &[Vec<usize>], seen: &mut [bool], group: &mut Vec<usize>) {
        seen[n] = true;
        group.push(n);
        for &m in &back[n] {
            if !seen[m] {
                collect(m, back, seen, group);
            }
        }
    }
    let mut seen = vec![false; sources.len()];
    let mut order = Vec::new();
    for n in 0..sources.len() {
        if !seen[n] {
            finish(n, edges, &mut seen, &mut order);
        }
    }
    let mut back = vec![Vec::new(); sources.len()];
    for (n, out) in edges.iter().enumerate() {
        for &m in out {
            back[m].push(n);
        }
    }
    let mut seen = vec![false; sources.len()];
    let mut groups = Vec::new();
    for &n in order.iter().rev() {
        if !seen[n] {
            let mut group = Vec::new();
            collect(n, &back, &mut seen, &mut group);
            if group.len() > 1 {
                let mut names: Vec<String> = group
                    .into_iter()
                    .map(|i| sources[i].file.display().to_string())
                    .collect();
                names.sort();
                groups.push(names);
            }
        }
    }
    groups
}

fn crates() -> [PathBuf; 2] {
    let server = Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf();
    let app = server.parent().unwrap().join("app");
    [server, app]
}

#[test]
fn server_imports_point_down_only() {
    let sources = read(&crates()[0]);
    let rank = |m: &str| {
        SERVER_LAYERS
            .iter()
            .find(|(name, _)| *name == m)
            .map(|(_, r)| *r)
            .unwrap_or_else(|| panic!("module `{m}` has no layer in SERVER_LAYERS"))
    };
    let mut wrong = Vec::new();
    for s in &sources {
        let from = s.module.first().map_or("lib", String::as_str);
        for (path, _) in &s.paths {
            let Some(to) = path.first().map(String::as_str) else {
                continue;
            };
            if !SERVER_LAYERS.iter().any(|(n, _)| *n == to) {
                continue; // an item of lib.rs
            }
            if to != from && rank(to) >= rank(from) {
                wrong.push(format!("{}: {}", s.file.display(), path.join("::")));
            }
        }
    }
    wrong.sort();
    wrong.dedup();
    assert!(
        wrong.is_empty(),
        "imports that do not point down:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_import_circle_between_files() {
    for dir in crates() {
        let sources = read(&dir);
        let edges = graph(&sources);
        assert!(
            sources.len() > 20 && edges.iter().map(BTreeSet::len).sum::<usize>() > 50,
            "the reader found the imports of {}",
            dir.display()
        );
        let found = circles(&sources, &edges);
        assert!(found.is_empty(), "files importing each other: {found:#?}");
    }
}

#[test]
fn no_file_is_longer_than_the_limit_outside_tests() {
    let mut long = Vec::new();
    for dir in crates() {
        for s in read(&dir) {
            if s.lines > MAX_LINES {
                long.push(format!("{} ({} lines)", s.file.display(), s.lines));
            }
        }
    }
    assert!(long.is_empty(), "files over {MAX_LINES} lines: {long:?}");
}

/// Where `code` reaches the store directly (`….store.…`, `….store`
/// as a value), by line number.
fn store_calls(code: &str) -> Vec<usize> {
    let mut out = Vec::new();
    for (n, line) in code.lines().enumerate() {
        let line = line.split("//").next().unwrap_or("");
        let bytes = line.as_bytes();
        let hit = line.match_indices(".store").any(|(i, _)| {
            let next = bytes.get(i + ".store".len()).copied();
            !next.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        });
        if hit {
            out.push(n + 1);
        }
    }
    out
}

#[test]
fn handlers_reach_storage_only_through_services() {
    let src = crates()[0].join("src");
    let mut files = Vec::new();
    for dir in ["http", "realtime"] {
        rust_files(&src.join(dir), &mut files);
    }
    assert!(files.len() > 20, "found the handlers: {files:?}");
    let mut direct = Vec::new();
    for file in files {
        if file.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for line in store_calls(without_tests(&text)) {
            direct.push(format!("{}:{line}", file.display()));
        }
    }
    assert!(
        direct.is_empty(),
        "handlers calling storage directly (call a service instead):\n{}",
        direct.join("\n")
    );
}

#[test]
fn the_store_reader_finds_direct_calls_only() {
    let code = "let a = state.store.agent(1).await;\n\
                let b = self\n    .state\n    .store\n    .record(2);\n\
                setup(self.0.store.as_ref());\n\
                (header::CACHE_CONTROL, \"no-store\");\n\
                let s = state.stored;\n\
                // state.store.agent(1) in a comment\n";
    assert_eq!(store_calls(code), vec![1, 4, 6]);
}

#[test]
fn the_reader_understands_use_trees() {
    assert_eq!(
        expand("crate::{a::b, c::{d, e as f}, g}"),
        vec!["crate::a::b", "crate::c::d", "crate::c::e", "crate::g"]
    );
    assert_eq!(
        expand("super::wire::{self, Tx}"),
        vec!["super::wire", "super::wire::Tx"]
    );
    let m = vec!["realtime".to_string(), "desk".to_string()];
    assert_eq!(
        absolute(&m, "super::wire::Tx").unwrap(),
        vec!["realtime", "wire", "Tx"]
    );
    assert_eq!(
        absolute(&m, "crate::events::HubEvent").unwrap(),
        vec!["events", "HubEvent"]
    );
}
