//! The project's own semantics reference resolves every citation: each `§N` or `§N.M` in the
//! repository's Rust, Markdown and Elixir files names a heading of `docs/semantics.md`, or
//! (for `§5.3` and the like) a numbered item of a section that is a numbered list.
//! `docs/check_citations.sh` is the same check for the shell.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the workspace")
        .to_path_buf()
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if p.is_dir() {
            if !matches!(name, "target" | ".git" | "corpus" | "artifacts") {
                files(&p, out);
            }
        } else if name.ends_with(".rs") || name.ends_with(".md") || name.ends_with(".exs") {
            out.push(p);
        }
    }
}

/// Every `§N(.M)*` in `text`.
fn citations(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices('§') {
        let rest = &text[i + '§'.len_utf8()..];
        let end = rest
            .char_indices()
            .find(|(j, c)| {
                !(c.is_ascii_digit()
                    || (*c == '.'
                        && rest[j + 1..]
                            .chars()
                            .next()
                            .is_some_and(|d| d.is_ascii_digit())))
            })
            .map_or(rest.len(), |(j, _)| j);
        if end > 0 {
            out.push(rest[..end].to_string());
        }
    }
    out
}

/// The section numbers of the headings (`## 4. x`, `### 4.6 x`) and, for sections whose
/// body is a numbered list, `N.M` for each item `M.`.
fn sections(doc: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut current: Option<String> = None;
    for line in doc.lines() {
        if let Some(rest) = line.strip_prefix("##") {
            let rest = rest.trim_start_matches('#').trim_start();
            let num: String = rest
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .collect();
            let num = num.trim_end_matches('.').to_string();
            if !num.is_empty() {
                out.insert(num.clone());
                current = Some(num);
            }
            continue;
        }
        if let Some(sec) = &current {
            let item: String = line.chars().take_while(|c| c.is_ascii_digit()).collect();
            if !item.is_empty() && line[item.len()..].starts_with(". ") {
                out.insert(format!("{sec}.{item}"));
            }
        }
    }
    out
}

#[test]
fn every_cited_section_exists_in_docs_semantics_md() {
    let root = root();
    let doc = std::fs::read_to_string(root.join("docs/semantics.md"))
        .expect("docs/semantics.md is the project's semantics reference");
    let known = sections(&doc);
    assert!(known.contains("4.6") && known.contains("5.3"), "{known:?}");
    let mut all = Vec::new();
    files(&root, &mut all);
    let mut missing = Vec::new();
    let mut cited = 0;
    for f in &all {
        let Ok(text) = std::fs::read_to_string(f) else {
            continue;
        };
        for c in citations(&text) {
            cited += 1;
            if !known.contains(&c) {
                missing.push(format!(
                    "{}: §{c}",
                    f.strip_prefix(&root).unwrap_or(f).display()
                ));
            }
        }
    }
    assert!(
        cited > 50,
        "found only {cited} citations: is the scan broken?"
    );
    assert!(
        missing.is_empty(),
        "sections cited but missing from docs/semantics.md:\n  {}",
        missing.join("\n  ")
    );
}

#[test]
fn the_scan_finds_citations_and_the_checker_finds_a_missing_one() {
    assert_eq!(citations("see §4.6, §1 and §5.11."), ["4.6", "1", "5.11"]);
    let doc = "## 4. Sup\n### 4.6 Intensity\n## 5. List\n1. one\n11. eleven\n";
    let s = sections(doc);
    assert!(s.contains("4.6") && s.contains("5.11") && s.contains("5.1"));
    assert!(
        !s.contains("4.7"),
        "a section the document lacks is missing"
    );
}
