//! Categories of problem and the facts each needs captured at intake.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

use crate::error::{Error, Result};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct FieldDef {
    pub key: String,
    pub label: String,
    pub required: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Category {
    pub id: i64,
    pub name: String,
    pub fields: Vec<FieldDef>,
    pub default_owner_id: Option<i64>,
    /// Realtime help is offered for this kind of problem only when it clearly helps the caller.
    pub realtime: bool,
    pub small_steps: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct NewCategory {
    pub name: String,
    #[serde(default)]
    pub fields: Vec<FieldDef>,
    pub default_owner_id: Option<i64>,
    #[serde(default)]
    pub realtime: bool,
    #[serde(default)]
    pub small_steps: Vec<String>,
}

/// `order_number` → `Order number`.
pub fn label_for(key: &str) -> String {
    let words = key.replace(['_', '-'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Field keys are short identifiers: letters, digits, `_` and `-`.
pub fn check_field_key(key: &str) -> Result<()> {
    let ok = !key.is_empty()
        && key.len() <= 40
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if ok {
        Ok(())
    } else {
        Err(Error::Invalid(format!(
            "field key '{key}' must be 1 to 40 letters, digits, '_' or '-'"
        )))
    }
}

/// A category by id or by name (names are unique, ignoring ASCII case).
pub fn find<'a>(all: &'a [Category], reference: &str) -> Result<&'a Category> {
    let reference = reference.trim();
    match reference.parse::<i64>() {
        Ok(id) => all
            .iter()
            .find(|c| c.id == id)
            .ok_or_else(|| Error::not_found("category", id)),
        Err(_) => all
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(reference))
            .ok_or_else(|| Error::not_found("category", reference)),
    }
}

pub const MAX_FIELD_VALUE: usize = 2_000;

impl Category {
    /// Checks intake values against the category: every missing required field is named at once;
    /// unknown keys and oversized values are refused. Returns the trimmed, non-empty values.
    pub fn check_values(
        &self,
        values: &BTreeMap<String, String>,
    ) -> Result<BTreeMap<String, String>> {
        if let Some(unknown) = values
            .keys()
            .find(|k| !self.fields.iter().any(|f| &f.key == *k))
        {
            let known: Vec<&str> = self.fields.iter().map(|f| f.key.as_str()).collect();
            return Err(Error::Invalid(format!(
                "'{}' has no field '{unknown}' (its fields: {})",
                self.name,
                if known.is_empty() {
                    "none".to_string()
                } else {
                    known.join(", ")
                }
            )));
        }
        let cleaned: BTreeMap<String, String> = values
            .iter()
            .map(|(k, v)| (k.clone(), v.trim().to_string()))
            .filter(|(_, v)| !v.is_empty())
            .collect();
        if let Some((k, _)) = cleaned
            .iter()
            .find(|(_, v)| v.chars().count() > MAX_FIELD_VALUE)
        {
            return Err(Error::Invalid(format!(
                "field '{k}' is longer than {MAX_FIELD_VALUE} characters"
            )));
        }
        for (k, v) in &cleaned {
            crate::text::check(&format!("field '{k}'"), v, crate::text::Lines::Many)?;
        }
        let missing: Vec<String> = self
            .fields
            .iter()
            .filter(|f| f.required && !cleaned.contains_key(&f.key))
            .map(|f| f.key.clone())
            .collect();
        if missing.is_empty() {
            Ok(cleaned)
        } else {
            Err(Error::MissingFields(missing))
        }
    }
}

/// Parses `KEY=VALUE` pairs (the CLI's `--field`) into intake values; a field given twice is
/// refused rather than one value silently winning.
pub fn field_values(pairs: &[String]) -> Result<BTreeMap<String, String>> {
    let mut values = BTreeMap::new();
    for pair in pairs {
        let (k, v) = pair.split_once('=').ok_or_else(|| {
            Error::Invalid(format!(
                "'{}' is not KEY=VALUE",
                crate::text::printable(pair)
            ))
        })?;
        let key = k.trim().to_string();
        if values.insert(key.clone(), v.to_string()).is_some() {
            return Err(Error::Invalid(format!(
                "field '{}' is given twice",
                crate::text::printable(&key)
            )));
        }
    }
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn billing() -> Category {
        let field = |key: &str, required| FieldDef {
            key: key.into(),
            label: label_for(key),
            required,
        };
        Category {
            id: 1,
            name: "Billing".into(),
            fields: vec![
                field("account", true),
                field("invoice", true),
                field("amount", false),
            ],
            default_owner_id: None,
            realtime: false,
            small_steps: vec![],
        }
    }

    #[test]
    fn every_missing_required_field_is_named_at_once() {
        let values = BTreeMap::from([("invoice".to_string(), "  ".to_string())]);
        match billing().check_values(&values) {
            Err(Error::MissingFields(missing)) => assert_eq!(missing, ["account", "invoice"]),
            other => panic!("expected missing fields, got {other:?}"),
        }
    }

    #[test]
    fn unknown_and_oversized_values_are_refused() {
        let unknown = BTreeMap::from([("colour".to_string(), "red".to_string())]);
        assert!(matches!(
            billing().check_values(&unknown),
            Err(Error::Invalid(_))
        ));
        let huge = BTreeMap::from([
            ("account".to_string(), "1".to_string()),
            ("invoice".to_string(), "x".repeat(MAX_FIELD_VALUE + 1)),
        ]);
        assert!(matches!(
            billing().check_values(&huge),
            Err(Error::Invalid(_))
        ));
    }

    #[test]
    fn complete_values_are_trimmed() {
        let values = BTreeMap::from([
            ("account".to_string(), " A-1 ".to_string()),
            ("invoice".to_string(), "INV-9".to_string()),
            ("amount".to_string(), "".to_string()),
        ]);
        let cleaned = billing().check_values(&values).unwrap();
        assert_eq!(cleaned.len(), 2);
        assert_eq!(cleaned["account"], "A-1");
        assert_eq!(label_for("order_number"), "Order number");
    }
}
