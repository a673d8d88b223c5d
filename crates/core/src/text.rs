//! Free text people type: what may be stored. Terminal control characters (ESC, BEL, the other
//! C0 and C1 controls) would be printed raw by a terminal or a log viewer, so they are refused
//! where the text comes in; a newline or a tab is kept only where text may span lines. So are
//! the invisible ones that change how the text around them reads (`hides`).

use crate::error::{Error, Result};

/// Whether text may hold line breaks and tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    One,
    Many,
}

/// Refuses control characters, naming `what` ("the summary", "field 'serial'"). A carriage
/// return before a newline is accepted as part of a Windows line break.
pub fn check(what: &str, text: &str, lines: Lines) -> Result<()> {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let allowed = match c {
            '\n' | '\t' => lines == Lines::Many,
            '\r' => lines == Lines::Many && chars.peek() == Some(&'\n'),
            c => !c.is_control() && !hides(c),
        };
        if !allowed {
            let shown = if c == '\n' {
                "a line break".to_string()
            } else {
                format!("the control character U+{:04X}", u32::from(c))
            };
            return Err(Error::Invalid(format!("{what} must not contain {shown}")));
        }
    }
    Ok(())
}

/// Whether a character changes how the text around it is shown without being seen itself: the
/// bidirectional embeddings, overrides and isolates (a summary that reads backwards) and the
/// Unicode line and paragraph separators (a line break a terminal does not show as one).
pub fn hides(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
}

/// Whether a character takes no room when shown: a space of any kind, or an invisible format
/// character (zero-width spaces and joiners, direction marks, the soft hyphen, the byte-order
/// mark). Text of these alone says nothing; a name with the invisible ones only looks like
/// another.
pub fn blank(c: char) -> bool {
    c.is_whitespace()
        || hides(c)
        || matches!(
            c,
            '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}'
        )
}

/// Whether text shows nothing at all (`blank` characters only, or none).
pub fn is_blank(text: &str) -> bool {
    text.chars().all(blank)
}

/// Text made safe to print on one terminal line: control characters become visible escapes.
/// For what was stored before control characters were refused, and for messages quoting input.
pub fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || hides(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_refused_and_line_breaks_only_where_allowed() {
        assert!(check("x", "Kühlschrank 🧊 ﺏﺎﺗﻮﻧ '; DROP TABLE", Lines::One).is_ok());
        assert!(check("x", "two\nlines\twith tab\r\n", Lines::Many).is_ok());
        for bad in [
            "\u{1b}[31mred",
            "bell\u{7}",
            "nul\0",
            "c1\u{9b}2J",
            "del\u{7f}",
            "gnp.exe\u{202E}fdp",
            "isolate\u{2066}x",
            "separator\u{2028}line",
        ] {
            assert_eq!(check("x", bad, Lines::Many).unwrap_err().code(), "invalid");
        }
        assert!(check("the summary", "a\nb", Lines::One)
            .unwrap_err()
            .to_string()
            .contains("the summary must not contain a line break"));
        assert!(check("x", "lone\rreturn", Lines::Many).is_err());
    }

    #[test]
    fn printable_text_stays_on_one_line() {
        assert_eq!(printable("a\nb\u{1b}[2Jc"), "a\\nb\\u{1b}[2Jc");
        assert_eq!(printable("plain ü"), "plain ü");
        assert_eq!(printable("a\u{202E}b"), "a\\u{202e}b");
    }
}
