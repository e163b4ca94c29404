//! What an uploaded file is, decided by its bytes, never by the name or the
//! `Content-Type` the client claims; and a file name safe to store and to
//! put in a `Content-Disposition` header. Pure.

/// Largest upload accepted, in bytes (photos of damaged goods from phones).
pub const MAX_BYTES: usize = 10 * 1024 * 1024;
/// Longest stored file name, in characters.
const MAX_NAME_CHARS: usize = 100;

/// A file type Parley accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileType {
    /// The content type it is served with.
    pub mime: &'static str,
    /// Its usual extension.
    pub ext: &'static str,
    /// Shown in place (images) rather than downloaded.
    pub inline: bool,
}

/// The type of `bytes` from their signature: JPEG, PNG, GIF, WebP or PDF.
/// Anything else (HTML, SVG, scripts, archives, executables) is refused.
pub fn sniff(bytes: &[u8]) -> Option<FileType> {
    let t = |mime, ext, inline| Some(FileType { mime, ext, inline });
    match bytes {
        [0xFF, 0xD8, 0xFF, ..] => t("image/jpeg", "jpg", true),
        [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => t("image/png", "png", true),
        [b'G', b'I', b'F', b'8', b'7' | b'9', b'a', ..] => t("image/gif", "gif", true),
        [
            b'R',
            b'I',
            b'F',
            b'F',
            _,
            _,
            _,
            _,
            b'W',
            b'E',
            b'B',
            b'P',
            ..,
        ] => t("image/webp", "webp", true),
        [b'%', b'P', b'D', b'F', b'-', ..] => t("application/pdf", "pdf", false),
        _ => None,
    }
}

/// A file name without directories, control or bidi-override characters,
/// quotes or separators, at most 100 characters, ending in the type's real
/// extension; `attachment.<ext>` when nothing usable is left.
pub fn safe_file_name(claimed: &str, file_type: FileType) -> String {
    let base = claimed.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .filter(|c| {
            !c.is_control()
                && !matches!(c, '"' | '\'' | ';' | ':' | '<' | '>' | '|' | '*' | '?')
                && !matches!(*c as u32, 0x200E | 0x200F | 0x202A..=0x202E | 0x2066..=0x2069)
        })
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.');
    let stem = match cleaned.rsplit_once('.') {
        Some((stem, _)) => stem,
        None => cleaned,
    };
    let stem: String = stem
        .chars()
        .take(MAX_NAME_CHARS - file_type.ext.len() - 1)
        .collect();
    let stem = stem.trim();
    if stem.is_empty() {
        format!("attachment.{}", file_type.ext)
    } else {
        format!("{stem}.{}", file_type.ext)
    }
}

/// Whether `id` has the shape of an attachment id (32 lowercase hex digits).
pub fn is_id(id: &str) -> bool {
    id.len() == 32
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0];

    #[test]
    fn types_come_from_the_bytes() {
        assert_eq!(
            sniff(&[0xFF, 0xD8, 0xFF, 0xE0]).map(|t| t.mime),
            Some("image/jpeg")
        );
        assert_eq!(sniff(PNG).map(|t| t.ext), Some("png"));
        assert_eq!(sniff(b"GIF89a....").map(|t| t.mime), Some("image/gif"));
        assert_eq!(
            sniff(b"RIFF\x10\0\0\0WEBPVP8 ").map(|t| t.mime),
            Some("image/webp")
        );
        let pdf = sniff(b"%PDF-1.7\n").unwrap();
        assert_eq!((pdf.mime, pdf.inline), ("application/pdf", false));
        for bad in [
            &b"<html><script>alert(1)</script>"[..],
            b"<svg xmlns='http://www.w3.org/2000/svg'/>",
            b"PK\x03\x04zip",
            b"MZ\x90\0exe",
            b"RIFF\x10\0\0\0WAVEfmt ",
            b"",
            &[0x89, b'P', b'N'],
        ] {
            assert_eq!(sniff(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn file_names_are_made_safe() {
        let png = sniff(PNG).unwrap();
        assert_eq!(safe_file_name("damaged box.PNG", png), "damaged box.png");
        assert_eq!(safe_file_name("../../etc/passwd", png), "passwd.png");
        assert_eq!(
            safe_file_name("C:\\Users\\x\\photo.jpg", png),
            "photo.png",
            "the real type's extension"
        );
        assert_eq!(
            safe_file_name("evil\"; filename=x.html", png),
            "evil filename=x.png"
        );
        assert_eq!(
            safe_file_name("gpj.\u{202E}exe", png),
            "gpj.png",
            "no bidi override"
        );
        assert_eq!(safe_file_name("", png), "attachment.png");
        assert_eq!(safe_file_name("...", png), "attachment.png");
        assert_eq!(safe_file_name("破损的箱子.png", png), "破损的箱子.png");
        assert_eq!(safe_file_name(&"x".repeat(300), png).chars().count(), 100);
    }

    #[test]
    fn ids_are_32_hex_digits() {
        assert!(is_id("0123456789abcdef0123456789abcdef"));
        assert!(!is_id("0123456789ABCDEF0123456789abcdef"));
        assert!(!is_id("../secret"));
        assert!(!is_id(""));
    }
}
