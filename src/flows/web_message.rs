//! Waiting for a web_message answer from a popup or a hidden iframe: the message listener, the
//! timeout, and what the flow does with the outcome.

use super::client::Client;
use super::first::First;
use crate::core::callback::Callback;
use crate::core::web_message::{accept, Expected};
use crate::web::{events::Listener, json::JsFields, timers::Timer, window};
use js_sys::Object;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Window};

/// How a flow that waits on another window ended.
pub enum End {
    Answer(Callback),
    Closed,
    Timeout,
    Aborted,
    /// A newer popup sign-in took over this one's window.
    Superseded,
}

/// Listens for the genuine authorization response from `flow_window` until dropped.
pub fn listen(client: &Client, state: &str, flow_window: Window, end: &First<End>) -> Listener {
    let origin = client.config.provider_origin();
    let state = String::from(state);
    let end = end.clone();
    Listener::new(&window(), "message", move |event| {
        let event: MessageEvent = event.unchecked_into();
        let from_flow_window = event.source().is_some_and(|s| Object::is(&s, &flow_window));
        let expected = Expected { origin: &origin, state: &state };
        if let Some(callback) = accept(&event.origin(), from_flow_window, JsFields::object(event.data()), &expected) {
            end.send(End::Answer(callback));
        }
    })
}

/// Ends the flow with `End::Timeout` after `ms`, unless dropped first.
pub fn deadline(ms: f64, end: &First<End>) -> Timer {
    let end = end.clone();
    Timer::once(ms, move || end.send(End::Timeout))
}
