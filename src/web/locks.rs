//! The Web Locks API (`navigator.locks`): one holder per name across every tab of the origin.

use super::window;
use js_sys::{Function, Object, Promise, Reflect};
use std::future::Future;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Runs `work` while holding the lock `name`. `work` learns whether it had to wait for another
/// holder (whose outcome it should look for first). Without Web Locks, `work` runs at once.
pub async fn with_lock<T, F: Future<Output = T>>(name: &str, work: impl FnOnce(bool) -> F) -> T {
    let Some(locks) = Reflect::get(&window().navigator(), &"locks".into()).ok().filter(JsValue::is_object) else {
        return work(false).await;
    };
    // First without waiting: a `null` lock means someone holds it.
    let available = Object::new();
    let _ = Reflect::set(&available, &"ifAvailable".into(), &true.into());
    if let Some(release) = acquire(&locks, name, &available).await {
        let out = work(false).await;
        release();
        return out;
    }
    match acquire(&locks, name, &Object::new()).await {
        Some(release) => {
            let out = work(true).await;
            release();
            out
        }
        None => work(true).await,
    }
}

/// Requests the lock; resolves with a function that releases it, or `None` if it was not granted.
async fn acquire(locks: &JsValue, name: &str, options: &Object) -> Option<impl FnOnce()> {
    let mut release_fn: Option<Function> = None;
    let held = Promise::new(&mut |resolve, _| release_fn = Some(resolve));
    let (granted_tx, granted) = {
        let mut tx: Option<Function> = None;
        let p = Promise::new(&mut |resolve, _| tx = Some(resolve));
        (tx?, p)
    };
    let callback = Closure::once_into_js(move |lock: JsValue| {
        let _ = granted_tx.call1(&JsValue::NULL, &JsValue::from_bool(!lock.is_null()));
        // Holding on to the lock until `held` settles; a refused (`null`) lock is not held.
        if lock.is_null() {
            JsValue::UNDEFINED
        } else {
            held.into()
        }
    });
    let request: Function = Reflect::get(locks, &"request".into()).ok()?.dyn_into().ok()?;
    request.call3(locks, &name.into(), options, &callback).ok()?;
    let granted = JsFuture::from(granted).await.ok()?.as_bool() == Some(true);
    let release = release_fn?;
    granted.then_some(move || drop(release.call0(&JsValue::NULL)))
}
