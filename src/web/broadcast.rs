//! BroadcastChannel between the tabs of one app: every tab hears what one tab posts (not itself).

use crate::web::events::Listener;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{BroadcastChannel, MessageEvent};

pub struct Channel {
    channel: BroadcastChannel,
    _listener: Listener,
}

impl Channel {
    /// `None` where the browser has no BroadcastChannel: the tab then works alone.
    pub fn open(name: &str, mut on_message: impl FnMut(JsValue) + 'static) -> Option<Self> {
        let channel = BroadcastChannel::new(name).ok()?;
        let listener = Listener::new(&channel, "message", move |event| {
            on_message(event.unchecked_into::<MessageEvent>().data());
        });
        Some(Channel { channel, _listener: listener })
    }

    pub fn post(&self, message: &JsValue) {
        let _ = self.channel.post_message(message);
    }
}

impl Drop for Channel {
    fn drop(&mut self) {
        self.channel.close();
    }
}
