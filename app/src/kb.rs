//! Knowledge-base article bodies: plain text in which a blank line parts
//! paragraphs and lines starting with `- ` make a list. The help centre,
//! the widget and the desk's preview lay an article out from the same
//! [`blocks`].

/// One block of an article body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A paragraph (its lines joined by spaces).
    Paragraph(String),
    /// A bulleted list.
    List(Vec<String>),
}

/// The blocks of `body`.
pub fn blocks(body: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut para: Vec<&str> = Vec::new();
    let mut list: Vec<String> = Vec::new();
    fn flush(out: &mut Vec<Block>, para: &mut Vec<&str>, list: &mut Vec<String>) {
        if !para.is_empty() {
            out.push(Block::Paragraph(para.join(" ")));
            para.clear();
        }
        if !list.is_empty() {
            out.push(Block::List(std::mem::take(list)));
        }
    }
    for line in body.lines().map(str::trim) {
        if line.is_empty() {
            flush(&mut out, &mut para, &mut list);
        } else if let Some(item) = line.strip_prefix("- ").or_else(|| line.strip_prefix("• ")) {
            if !para.is_empty() {
                out.push(Block::Paragraph(para.join(" ")));
                para.clear();
            }
            list.push(item.trim().to_owned());
        } else {
            if !list.is_empty() {
                out.push(Block::List(std::mem::take(&mut list)));
            }
            para.push(line);
        }
    }
    flush(&mut out, &mut para, &mut list);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_lines_part_paragraphs_and_hyphens_make_lists() {
        let body = "First line\ncontinues.\n\n- one\n- two\nAfter the list.\n\n\n運費";
        assert_eq!(
            blocks(body),
            vec![
                Block::Paragraph("First line continues.".into()),
                Block::List(vec!["one".into(), "two".into()]),
                Block::Paragraph("After the list.".into()),
                Block::Paragraph("運費".into()),
            ]
        );
        assert!(blocks("  \n\n ").is_empty());
        assert_eq!(
            blocks("Intro:\n- a"),
            vec![
                Block::Paragraph("Intro:".into()),
                Block::List(vec!["a".into()])
            ]
        );
    }
}
