//! The sign-in flows, each by its name: the core decides, the web adapters act.

pub mod api;
pub mod client;
pub mod errors;
pub mod events;
pub mod exchange;
pub mod first;
pub mod id_token;
pub mod jwks;
pub mod login_state;
pub mod logout;
pub mod polling;
pub mod popup;
pub mod redirect;
pub mod session;
pub mod silent;
pub mod sync;
pub mod transactions;
pub mod userinfo;
pub mod web_message;
