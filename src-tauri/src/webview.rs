//! WebKitGTK's settings for Baton's one window: a single local document, never navigated away
//! from, so WebKit's caches for browsing (pages kept for Back, resources kept for other sites)
//! only hold memory.

/// Sizes the window's web context for a document viewer and keeps no page for Back.
#[cfg(target_os = "linux")]
pub fn lean(webview: tauri::webview::PlatformWebview) {
    use webkit2gtk::{CacheModel, SettingsExt, WebContextExt, WebViewExt};
    let view = webview.inner();
    if let Some(context) = view.context() {
        context.set_cache_model(CacheModel::DocumentViewer);
    }
    if let Some(settings) = WebViewExt::settings(&view) {
        settings.set_enable_page_cache(false);
    }
}
