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
    /// The last session another tab announced, and who waits for the next one.
    last_broadcast: RefCell<Option<Session>>,
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

    /// Another tab announced `session`: remember it and wake whoever waits for it.
    pub fn settle(&self, session: Option<Session>) {
        *self.last_broadcast.borrow_mut() = session.clone();
        for waiter in self.broadcast_waiters.take() {
            waiter.send(session.clone());
        }
    }

    pub fn last_broadcast(&self) -> Option<Session> {
        self.last_broadcast.borrow().clone()
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
