//! Whether the page is visible (`document.hidden`), and when that changes.

use super::events::Listener;
use super::window;

pub fn is_hidden() -> bool {
    window().document().is_some_and(|d| d.hidden())
}

/// Calls `f(hidden)` on every `visibilitychange` until dropped.
pub fn on_change(mut f: impl FnMut(bool) + 'static) -> Option<Listener> {
    let document = window().document()?;
    Some(Listener::new(&document, "visibilitychange", move |_| f(is_hidden())))
}
