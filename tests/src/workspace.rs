//! Where the workspace and its build outputs are, from inside a test.

use std::path::{Path, PathBuf};

/// The workspace root (the folder holding the top-level `Cargo.toml`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits inside the workspace")
        .to_path_buf()
}

/// Cargo's target directory: `$CARGO_TARGET_DIR` (relative paths are taken
/// from the workspace root, as Cargo does) else `<workspace>/target`.
pub fn target_dir() -> PathBuf {
    resolve_target_dir(std::env::var_os("CARGO_TARGET_DIR"), &root())
}

fn resolve_target_dir(env: Option<std::ffi::OsString>, root: &Path) -> PathBuf {
    match env.filter(|v| !v.is_empty()) {
        Some(dir) => root.join(dir), // `join` keeps an absolute `dir` as is
        None => root.join("target"),
    }
}

/// A debug binary built by `cargo build --workspace --all-targets`.
pub fn debug_binary(name: &str) -> PathBuf {
    target_dir()
        .join("debug")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_dir_follows_cargo() {
        let root = Path::new("/w");
        assert_eq!(resolve_target_dir(None, root), PathBuf::from("/w/target"));
        assert_eq!(
            resolve_target_dir(Some("".into()), root),
            PathBuf::from("/w/target")
        );
        assert_eq!(
            resolve_target_dir(Some("/elsewhere".into()), root),
            PathBuf::from("/elsewhere")
        );
        assert_eq!(
            resolve_target_dir(Some("out".into()), root),
            PathBuf::from("/w/out")
        );
    }
}
