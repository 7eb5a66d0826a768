//! One configured client: its options, its token store, its pending sign-ins, and what it shares
//! with the app's other tabs.

use super::events::Events;
use super::first::{First, Joined};
use super::jwks::Jwks;
use super::session::SessionCache;
use super::sync;
use super::transactions::Transactions;
use super::web_message::End;
use crate::core::config::{Config, Options};
use crate::core::error::Result;
use crate::core::token::Session;
use crate::web::{broadcast::Channel, custom_store::CustomStore, timers::Timer};
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use wasm_bindgen::JsValue;

/// A change of session announced by another tab.
#[derive(Clone)]
pub enum Announced {
    Session(Session),
    SignedOut,
    Cleared,
}

pub struct Client {
    pub config: Config,
    pub sessions: SessionCache,
    pub transactions: Transactions,
    pub events: Events,
    pub keys: Jwks,
    /// The popup sign-in in progress, so a newer one can take over its window.
    pub popup_flow: RefCell<Option<First<End>>>,
    /// The silent sign-in in progress, shared by concurrent callers.
    pub silent: Joined<Result<Session>>,
    /// The renewal in progress (refresh or silent), shared by concurrent callers in this tab.
    pub renewal: Joined<Result<Session>>,
    pub warned_hs256: Cell<bool>,
    channel: RefCell<Option<Channel>>,
    /// What another tab announced last, until this tab writes the cache itself: a shared
    /// (localStorage) cache read in this tab's process can lag behind it. And who waits for the next.
    last_broadcast: RefCell<Option<Announced>>,
    broadcast_waiters: RefCell<Vec<First<Option<Session>>>>,
}

impl Client {
    /// `store`: a custom cache object, or undefined; `emit(type, detail)` delivers events.
    pub fn new(options: Options, store: JsValue, emit: JsValue) -> Result<Rc<Self>> {
        let config = Config::new(options)?;
        let events = Events::new(emit);
        let prefix = config.storage_prefix();
        let location = config.cache_location.as_deref().unwrap_or("memory");
        let sessions = SessionCache::new(location, CustomStore::new(store), &prefix, events.clone())?;
        let client = Rc::new(Client {
            sessions,
            transactions: Transactions::new(&prefix),
            events,
            keys: Jwks::default(),
            popup_flow: RefCell::new(None),
            silent: Joined::new(),
            renewal: Joined::new(),
            warned_hs256: Cell::new(false),
            channel: RefCell::new(None),
            last_broadcast: RefCell::new(None),
            broadcast_waiters: RefCell::new(Vec::new()),
            config,
        });
        let weak: Weak<Client> = Rc::downgrade(&client);
        *client.channel.borrow_mut() = Channel::open(&prefix, move |data| {
            if let Some(client) = weak.upgrade() {
                wasm_bindgen_futures::spawn_local(async move { sync::receive(&client, data).await });
            }
        });
        Ok(client)
    }

    /// The Web Lock that serializes renewal across the app's tabs.
    pub fn lock_name(&self) -> String {
        let mut name = self.config.storage_prefix();
        name.push_str("renew");
        name
    }

    pub fn post(&self, message: &JsValue) {
        if let Some(channel) = self.channel.borrow().as_ref() {
            channel.post(message);
        }
    }

    /// Another tab announced a change: remember it and wake whoever waits for a session.
    pub fn settle(&self, announced: Announced) {
        let session = match &announced {
            Announced::Session(s) => Some(s.clone()),
            _ => None,
        };
        *self.last_broadcast.borrow_mut() = Some(announced);
        for waiter in self.broadcast_waiters.take() {
            waiter.send(session.clone());
        }
    }

    /// This tab wrote the cache: its own reads are current again.
    pub fn forget_broadcast(&self) {
        self.last_broadcast.take();
    }

    pub fn last_broadcast(&self) -> Option<Session> {
        match self.last_broadcast.borrow().as_ref() {
            Some(Announced::Session(s)) => Some(s.clone()),
            _ => None,
        }
    }

    /// The stored session and whether the app is signed out, as of the latest change in any tab.
    pub async fn stored(&self) -> (Option<Session>, bool) {
        if self.sessions.is_shared_by_tabs() {
            match self.last_broadcast.borrow().clone() {
                Some(Announced::Session(s)) => return (Some(s), false),
                Some(Announced::SignedOut) => return (None, true),
                Some(Announced::Cleared) => return (None, false),
                None => {}
            }
        }
        (self.sessions.load().await, self.sessions.is_signed_out().await)
    }

    /// The next session another tab announces, or `None` after `ms`.
    pub async fn await_broadcast(&self, ms: f64) -> Option<Session> {
        let next = First::new();
        self.broadcast_waiters.borrow_mut().push(next.clone());
        let timeout = next.clone();
        let _timer = Timer::once(ms, move || timeout.send(None));
        next.await
    }
}
