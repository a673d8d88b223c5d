//! Free text people type: what may be stored. Terminal control characters (ESC, BEL, the other
//! C0 and C1 controls) would be printed raw by a terminal or a log viewer, so they are refused
//! where the text comes in; a newline or a tab is kept only where text may span lines.

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
            c => !c.is_control(),
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

/// Text made safe to print on one terminal line: control characters become visible escapes.
/// For what was stored before control characters were refused, and for messages quoting input.
pub fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
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
    }
}
