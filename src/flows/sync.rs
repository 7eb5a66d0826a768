//! What one tab does reaches every tab of the app: each change of session is fired as an event here
//! and posted on a BroadcastChannel; the other tabs apply it to their own cache (memory and
//! sessionStorage are per tab) and fire the same event.

use super::client::{Announced, Client};
use crate::core::json::Fields;
use crate::core::token::Session;
use crate::web::json::JsFields;
use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Login,
    TokenRefreshed,
    Logout,
    SessionExpired,
}

impl Change {
    fn name(self) -> &'static str {
        match self {
            Change::Login => "login",
            Change::TokenRefreshed => "tokenRefreshed",
            Change::Logout => "logout",
            Change::SessionExpired => "sessionExpired",
        }
    }

    fn from_name(name: &str) -> Option<Self> {
        [Change::Login, Change::TokenRefreshed, Change::Logout, Change::SessionExpired]
            .into_iter()
            .find(|c| c.name() == name)
    }
}

/// Stores a new session (a sign-in or a refresh) and announces it to every tab.
pub async fn keep(client: &Client, change: Change, session: &Session) {
    client.sessions.save(session).await;
    announce(client, change, Some(session));
}

/// Fires `change` in this tab and posts it to the others. Call it after the cache holds `session`.
pub fn announce(client: &Client, change: Change, session: Option<&Session>) {
    client.forget_broadcast();
    fire(client, change, session);
    let message = Object::new();
    let _ = Reflect::set(&message, &"type".into(), &change.name().into());
    if let Some(s) = session {
        let _ = Reflect::set(&message, &"session".into(), &s.to_json().into());
    }
    client.post(&message.into());
}

/// A change another tab announced.
pub async fn receive(client: &Client, data: JsValue) {
    let Some(fields) = JsFields::object(data) else { return };
    let Some(change) = fields.string("type").as_deref().and_then(Change::from_name) else { return };
    let session = fields.string("session").and_then(|t| JsFields::parse(&t)).and_then(|f| Session::read(&f));
    if !client.sessions.is_shared_by_tabs() {
        match (&session, change) {
            (Some(s), _) => client.sessions.save(s).await,
            (None, Change::Logout) => client.sessions.sign_out().await,
            (None, _) => client.sessions.clear().await,
        }
    }
    client.settle(match (&session, change) {
        (Some(s), _) => Announced::Session(s.clone()),
        (None, Change::Logout) => Announced::SignedOut,
        (None, _) => Announced::Cleared,
    });
    fire(client, change, session.as_ref());
}

fn fire(client: &Client, change: Change, session: Option<&Session>) {
    let detail = session.map_or(JsValue::UNDEFINED, super::login_state::to_js);
    client.events.fire(change.name(), &detail);
}
