//! The login popup: the only place that opens, navigates, watches and closes a window.

use crate::core::error::{Error, ErrorCode, Result};
use web_sys::Window;

/// Opens a blank, centred popup at once (inside the user's click, so blockers allow it); it is
/// navigated to the login page afterwards.
pub fn open(width: f64, height: f64) -> Result<Window> {
    let window = super::window();
    let number = |v: core::result::Result<wasm_bindgen::JsValue, _>| v.ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
    let left = number(window.screen_x()) + (number(window.outer_width()) - width) / 2.0;
    let top = number(window.screen_y()) + (number(window.outer_height()) - height) / 2.0;
    let mut features = String::from("popup=yes");
    for (name, n) in [("width", width), ("height", height), ("left", left), ("top", top)] {
        features.push(',');
        features.push_str(name);
        features.push('=');
        crate::core::json::push_integer(n.max(0.0) as u64, &mut features);
    }
    match window.open_with_url_and_target_and_features("", "authing-wasm-login", &features) {
        Ok(Some(popup)) => Ok(popup),
        _ => Err(Error::new(
            ErrorCode::PopupBlocked,
            "The browser blocked the login popup: call loginWithPopup directly in a click handler, or allow popups for this site.",
        )),
    }
}

pub fn navigate(popup: &Window, url: &str) {
    let _ = popup.location().set_href(url);
}

pub fn is_closed(popup: &Window) -> bool {
    popup.closed().unwrap_or(true)
}

pub fn close(popup: &Window) {
    let _ = popup.close();
}
