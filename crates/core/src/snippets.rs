//! Saved texts per category, so the answers a desk gives again and again are one click away:
//! resolutions, small steps (beside the category's own) and what is said on a callback.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::ownership;

/// Where a category's snippets are kept among the desk's settings.
pub fn key(category: i64) -> String {
    format!("snippets:{category}")
}

/// At most this many texts of each kind per category: a short list people read at a glance.
pub const MAX_EACH: usize = 20;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Snippets {
    pub resolutions: Vec<String>,
    pub steps: Vec<String>,
    pub callbacks: Vec<String>,
}

impl Snippets {
    /// The snippets as kept: each text checked and trimmed, blank ones dropped, each once.
    pub fn checked(self) -> Result<Snippets> {
        let clean = |what: &str, texts: Vec<String>| -> Result<Vec<String>> {
            let mut kept: Vec<String> = Vec::new();
            for t in texts.iter().filter(|t| !t.trim().is_empty()) {
                let t = ownership::required_text(what, t)?;
                if !kept.contains(&t) {
                    kept.push(t);
                }
            }
            if kept.len() > MAX_EACH {
                return Err(Error::Invalid(format!(
                    "at most {MAX_EACH} {what}s per category"
                )));
            }
            Ok(kept)
        };
        Ok(Snippets {
            resolutions: clean("saved resolution", self.resolutions)?,
            steps: clean("saved small step", self.steps)?,
            callbacks: clean("saved callback", self.callbacks)?,
        })
    }
}
