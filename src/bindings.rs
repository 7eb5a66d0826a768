//! The wasm-bindgen surface, and nothing else: JS values in, flows called, JS values out. The
//! TypeScript wrapper (`js/`) turns the plain error objects into `AuthingError`s.

use crate::core::authorize::LoginOptions;
use crate::core::config::Options;
use crate::core::error::Error;
use crate::flows::errors::to_js;
use crate::flows::{self, client, login_state, logout, polling, redirect, userinfo};
use crate::web::json::JsFields;
use crate::web::popup;
use js_sys::{Object, Reflect};
use std::future::Future;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

#[wasm_bindgen]
pub struct Client(Rc<client::Client>);

#[wasm_bindgen]
impl Client {
    /// `store`: a custom cache (`get/set/remove`) or undefined; `emit(type, detail)`: event sink.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue, store: JsValue, emit: JsValue) -> Result<Client, JsValue> {
        let options = Options::read(&JsFields(options));
        Ok(Client(client::Client::new(options, store, emit).map_err(|e| to_js(&e))?))
    }

    #[wasm_bindgen(js_name = loginWithRedirect)]
    pub fn login_with_redirect(&self, opts: JsValue) -> Result<(), JsValue> {
        let opts = LoginOptions::read(&JsFields(opts));
        redirect::login_with_redirect(&self.0, opts).map_err(|e| to_js(&e))
    }

    /// Opens the popup now, inside the caller's task (popup blockers allow windows opened during a
    /// click, not after an await), unless the app passes a window it opened itself.
    #[wasm_bindgen(js_name = loginWithPopup)]
    pub fn login_with_popup(&self, opts: JsValue, popup_window: JsValue, signal: JsValue) -> js_sys::Promise {
        let c = self.0.clone();
        let opts = LoginOptions::read(&JsFields(opts));
        let win = match popup_window.dyn_into::<web_sys::Window>() {
            Ok(win) => Ok(win),
            Err(_) => popup::open(c.config.popup.width, c.config.popup.height),
        };
        let signal = signal.dyn_into::<web_sys::AbortSignal>().ok();
        promise(async move {
            let session = flows::popup::login_with_popup(&c, opts, win?, signal).await?;
            Ok(login_state::to_js(&session))
        })
    }

    /// QR-code (`kind` "qr") or push ("push") login: issues the code with `body` (JSON text), then
    /// resolves `{ data, result, cancel }` while the polling goes on in `result`.
    #[wasm_bindgen(js_name = startPolling)]
    pub fn start_polling(
        &self,
        kind: &str,
        body: String,
        interval_ms: f64,
        timeout_ms: f64,
        on_status: JsValue,
        signal: JsValue,
    ) -> js_sys::Promise {
        let c = self.0.clone();
        let kind = if kind == "push" { &polling::PUSH } else { &polling::QR };
        let opts = polling::Options {
            interval_ms,
            timeout_ms,
            on_status: on_status.dyn_into().ok(),
            signal: signal.dyn_into().ok(),
        };
        promise(async move {
            let started = polling::start(c, kind, body, opts).await?;
            let out = Object::new();
            let cancel = started.cancel;
            let result = started.result;
            let _ = Reflect::set(&out, &"data".into(), &started.data);
            let _ =
                Reflect::set(&out, &"result".into(), &promise(async move { Ok(login_state::to_js(&result.await?)) }));
            let _ = Reflect::set(&out, &"cancel".into(), &Closure::<dyn Fn()>::new(move || cancel()).into_js_value());
            Ok(out.into())
        })
    }

    /// One Authentication API operation: `op` from the generated table, `input` from the app.
    #[wasm_bindgen(js_name = apiRequest)]
    pub fn api_request(&self, op: JsValue, input: JsValue) -> js_sys::Promise {
        let c = self.0.clone();
        promise(async move { flows::api::request(&c, &op, &input).await })
    }

    #[wasm_bindgen(js_name = isRedirectCallback)]
    pub fn is_redirect_callback(&self, url: &str) -> bool {
        redirect::is_redirect_callback(&self.0, url)
    }

    /// Resolves `{ loginState, appState }`, `appState` as the JSON text the wrapper stored.
    #[wasm_bindgen(js_name = handleRedirectCallback)]
    pub fn handle_redirect_callback(&self, url: String) -> js_sys::Promise {
        let c = self.0.clone();
        promise(async move {
            let (session, app_state) = redirect::handle_redirect_callback(&c, &url).await?;
            let out = Object::new();
            let _ = Reflect::set(&out, &"loginState".into(), &login_state::to_js(&session));
            let _ = Reflect::set(
                &out,
                &"appState".into(),
                &app_state.map_or(JsValue::UNDEFINED, |s| JsValue::from_str(&s)),
            );
            Ok(out.into())
        })
    }

    #[wasm_bindgen(js_name = getLoginState)]
    pub fn get_login_state(&self, ignore_cache: bool) -> js_sys::Promise {
        let c = self.0.clone();
        promise(async move {
            let session = login_state::get_login_state(&c, ignore_cache).await?;
            Ok(session.as_ref().map_or(JsValue::NULL, login_state::to_js))
        })
    }

    #[wasm_bindgen(js_name = refreshToken)]
    pub fn refresh_token(&self) -> js_sys::Promise {
        let c = self.0.clone();
        promise(async move { Ok(login_state::to_js(&login_state::refresh_token(&c).await?)) })
    }

    #[wasm_bindgen(js_name = getAccessToken)]
    pub fn get_access_token(&self, ignore_cache: bool) -> js_sys::Promise {
        let c = self.0.clone();
        promise(async move { Ok(login_state::get_access_token(&c, ignore_cache).await?.into()) })
    }

    #[wasm_bindgen(js_name = getUserInfo)]
    pub fn get_user_info(&self) -> js_sys::Promise {
        let c = self.0.clone();
        promise(async move { userinfo::get_user_info(&c).await })
    }

    #[wasm_bindgen(js_name = logoutWithRedirect)]
    pub fn logout_with_redirect(&self, redirect_uri: Option<String>, state: Option<String>) -> js_sys::Promise {
        let c = self.0.clone();
        promise(async move {
            logout::logout_with_redirect(&c, redirect_uri, state).await;
            Ok(JsValue::UNDEFINED)
        })
    }

    pub fn logout(&self, revoke: bool) -> js_sys::Promise {
        let c = self.0.clone();
        promise(async move {
            logout::logout(&c, revoke).await;
            Ok(JsValue::UNDEFINED)
        })
    }
}

fn promise(f: impl Future<Output = Result<JsValue, Error>> + 'static) -> js_sys::Promise {
    boxed_promise(Box::pin(f))
}

/// One non-generic instance of `future_to_promise` for every method (a generic one per future
/// would cost kilobytes of wasm), at the price of one small allocation per call.
#[inline(never)]
fn boxed_promise(f: core::pin::Pin<Box<dyn Future<Output = Result<JsValue, Error>>>>) -> js_sys::Promise {
    future_to_promise(async move { f.await.map_err(|e| to_js(&e)) })
}
