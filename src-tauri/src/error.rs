//! The error every command returns to the UI.
//!
//! It crosses IPC as the core's `ErrorPayload`: `{ kind, message, fields, until, changed_by,
//! changed_at }`. The UI
//! branches on `kind` (a stable code), shows `message` to the person, and reads details such as
//! the missing fields from `fields`, never from the message.

use baton_core::error::ErrorCode;
use chrono::{DateTime, Utc};
use serde::Serialize;

/// Serialised exactly as the core's `ErrorPayload`, whose TypeScript the UI uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{message}")]
pub struct IpcError {
    pub kind: ErrorCode,
    pub message: String,
    pub fields: Vec<String>,
    pub until: Option<DateTime<Utc>>,
    pub changed_by: Option<String>,
    pub changed_at: Option<DateTime<Utc>>,
}

impl IpcError {
    pub fn new(kind: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            fields: vec![],
            until: None,
            changed_by: None,
            changed_at: None,
        }
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Internal, message)
    }
}

impl From<baton_core::Error> for IpcError {
    fn from(err: baton_core::Error) -> Self {
        let p = err.payload();
        Self {
            kind: p.kind,
            message: p.message,
            fields: p.fields,
            until: p.until,
            changed_by: p.changed_by,
            changed_at: p.changed_at,
        }
    }
}

impl From<std::io::Error> for IpcError {
    fn from(err: std::io::Error) -> Self {
        Self::internal(err.to_string())
    }
}

impl From<tauri::Error> for IpcError {
    fn from(err: tauri::Error) -> Self {
        Self::internal(err.to_string())
    }
}

pub type IpcResult<T> = Result<T, IpcError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_as_kind_and_message() {
        let err = IpcError::new(ErrorCode::Config, "no data directory");
        let json = serde_json::to_value(&err).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "kind": "config", "message": "no data directory", "fields": [], "until": null,
                "changed_by": null, "changed_at": null
            })
        );
    }

    #[test]
    fn core_errors_carry_their_details() {
        let err: IpcError =
            baton_core::Error::MissingFields(vec!["summary".into(), "account".into()]).into();
        assert_eq!((err.kind.as_str(), err.fields.len()), ("missing_fields", 2));
        let until = Utc::now();
        let err: IpcError = baton_core::Error::LockedOut {
            name: "Ana".into(),
            until,
        }
        .into();
        assert_eq!((err.kind.as_str(), err.until), ("locked_out", Some(until)));
    }

    #[test]
    fn io_errors_are_internal() {
        let err: IpcError = std::io::Error::other("disk on fire").into();
        assert_eq!(err.kind, ErrorCode::Internal);
        assert_eq!(err.to_string(), "disk on fire");
    }
}
