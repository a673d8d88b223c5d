fn main() {
    // Declaring the app's commands makes Tauri generate an `allow-<command>`
    // permission for each, and refuse any command a capability doesn't list.
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(&["app_info"])),
    )
    .expect("failed to run tauri-build");
}
