fn main() {
    // Declaring the app's commands makes Tauri generate an `allow-<command>`
    // permission for each, and refuse any command a capability doesn't list.
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(
        tauri_build::AppManifest::new().commands(&[
            "app_info",
            "load_demo",
            "set_up",
            "people",
            "sign_in",
            "sign_out",
            "find_customers",
            "add_customer",
            "categories",
            "intake",
            "ticket",
            "act",
            "queue",
            "search",
            "team",
            "counts",
            "alerts",
            "mark_alerts_read",
            "add_person",
            "add_category",
            "policy",
            "set_policy",
            "report",
            "install_settings",
            "set_watched",
            "deactivate_person",
            "preview_deactivation",
            "move_person",
            "set_pin",
            "desk_changes",
            "desk_health",
            "backup_now",
            "restore_backup",
        ]),
    ))
    .expect("failed to run tauri-build");
}
