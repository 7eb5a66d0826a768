//! The browser adapters in real headless Chromium (`cargo test --target wasm32-unknown-unknown`).
#![cfg(target_arch = "wasm32")]

use authing_wasm::core::json::Fields;
use authing_wasm::core::transaction::{Transaction, TTL_MS};
use authing_wasm::flows::events::Events;
use authing_wasm::flows::session::SessionCache;
use authing_wasm::flows::transactions::Transactions;
use authing_wasm::web::{clock, crypto, json::JsFields, location, storage::Store};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn session_storage() -> web_sys::Storage {
    web_sys::window().unwrap().session_storage().unwrap().unwrap()
}

#[wasm_bindgen_test]
fn random_octets_differ_between_calls() {
    let a: [u8; 64] = crypto::random().unwrap();
    let b: [u8; 64] = crypto::random().unwrap();
    assert_ne!(a, b);
    assert!(a.iter().filter(|x| **x == 0).count() < 16, "64 random octets are not mostly zero");
}

#[wasm_bindgen_test]
fn stores_get_set_remove_and_list_by_prefix() {
    for store in [Store::memory(), Store::session_storage().unwrap(), Store::local_storage().unwrap()] {
        store.set("t:a", "1").unwrap();
        store.set("t:b", "2").unwrap();
        store.set("u:c", "3").unwrap();
        store.set("t:a", "4").unwrap();
        assert_eq!(store.get("t:a").as_deref(), Some("4"));
        let mut keys = store.keys_with_prefix("t:");
        keys.sort();
        assert_eq!(keys, ["t:a", "t:b"]);
        store.remove("t:a");
        assert_eq!(store.get("t:a"), None);
        store.remove("t:b");
        store.remove("u:c");
    }
}

#[wasm_bindgen_test]
fn js_fields_read_what_json_parse_made() {
    let f =
        JsFields::parse(r#"{"s":"x","n":1.5,"b":true,"a":["p","q"],"one":"r","mixed":["p",1],"o":{"k":"v","n":2}}"#)
            .unwrap();
    assert_eq!((f.string("s").as_deref(), f.number("n"), f.boolean("b")), (Some("x"), Some(1.5), Some(true)));
    assert_eq!(f.string("n"), None);
    assert_eq!(f.strings("a"), Some(vec!["p".into(), "q".into()]));
    assert_eq!(f.strings("one"), Some(vec!["r".into()]));
    assert_eq!(f.strings("mixed"), None);
    assert_eq!(f.entries("o"), vec![("k".into(), "v".into())]);
    assert!(f.entries("s").is_empty());
    assert!(
        JsFields::parse("[1]").is_none() && JsFields::parse("not json").is_none() && JsFields::parse("null").is_none()
    );
}

#[wasm_bindgen_test]
fn transactions_are_found_by_state_and_stale_or_corrupt_ones_dropped() {
    let prefix = "test-tx:";
    let txs = Transactions::new(prefix);
    let tx = Transaction::new(&crypto::random().unwrap(), "http://app/cb", "openid", None, clock::now_ms());
    let stale =
        Transaction::new(&crypto::random().unwrap(), "http://app/cb", "openid", None, clock::now_ms() - TTL_MS - 1.0);
    let raw = session_storage();
    let key = |state: &str| format!("{prefix}tx:{state}");
    raw.set_item(&key(&stale.state), &stale.to_json()).unwrap();
    raw.set_item(&key("corrupt"), "{not json").unwrap();

    txs.save(&tx).unwrap();
    assert_eq!(txs.find(&tx.state), Some(tx.clone()));
    assert_eq!(txs.find(&tx.state).map(|t| t.nonce), Some(tx.nonce.clone()), "kept after a read, for reloads");
    assert_eq!(raw.get_item(&key(&stale.state)).unwrap(), None, "stale transaction pruned on save");
    assert_eq!(raw.get_item(&key("corrupt")).unwrap(), None, "corrupt transaction pruned on save");
    assert_eq!(txs.find("unknown"), None);

    raw.set_item(&key("garbage"), "[]").unwrap();
    assert_eq!(txs.find("garbage"), None);
    assert_eq!(raw.get_item(&key("garbage")).unwrap(), None, "an unreadable entry is removed when found");
    raw.remove_item(&key(&tx.state)).unwrap();
}

#[wasm_bindgen_test]
async fn a_corrupt_cached_session_is_dropped_not_fatal() {
    let raw = session_storage();
    let cache = SessionCache::new("sessionStorage", None, "test-cache:", Events::new(JsValue::UNDEFINED)).unwrap();
    for garbage in ["{", "42", r#"{"v":1}"#, r#"{"v":9,"accessToken":"a","tokenType":"Bearer","expiresAt":1}"#] {
        raw.set_item("test-cache:session", garbage).unwrap();
        assert_eq!(cache.load().await, None, "{garbage}");
        assert_eq!(raw.get_item("test-cache:session").unwrap(), None, "{garbage} removed");
    }
    // The signed-out marker is not a session, and not garbage either: it stays.
    cache.sign_out().await;
    assert_eq!(cache.load().await, None);
    assert!(cache.is_signed_out().await);
    cache.clear().await;
    assert!(!cache.is_signed_out().await);
}

#[wasm_bindgen_test]
fn replace_in_place_rewrites_the_address_without_navigation() {
    let before = location::href();
    let marked = format!("{before}#marker-{}", clock::now_ms());
    location::replace_in_place(&marked);
    assert_eq!(location::href(), marked);
    location::replace_in_place(&before);
    assert_eq!(location::href(), before);
}

#[wasm_bindgen_test]
fn the_allocator_reuses_freed_memory() {
    // Warm every size class once, then churn: a leaking allocator would grow memory by megabytes.
    let churn = || {
        for round in 0..2_000usize {
            let v: Vec<String> = (0..16).map(|i| "x".repeat((round * 7 + i * 131) % 5_000)).collect();
            let mut s = v.concat();
            s.push_str("tail");
            assert!(s.ends_with("tail"));
        }
    };
    churn();
    let before = core::arch::wasm32::memory_size(0);
    churn();
    assert_eq!(core::arch::wasm32::memory_size(0), before, "memory grew while churning freed blocks");
}

#[wasm_bindgen(inline_js = r#"
export async function signed(alg) {
  const params = alg === 'ES256'
    ? [{ name: 'ECDSA', namedCurve: 'P-256' }, { name: 'ECDSA', hash: 'SHA-256' }]
    : [{ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, { name: 'RSASSA-PKCS1-v1_5' }];
  const keys = await crypto.subtle.generateKey(params[0], true, ['sign', 'verify']);
  const data = new TextEncoder().encode('header.payload');
  const signature = new Uint8Array(await crypto.subtle.sign(params[1], keys.privateKey, data));
  return { jwk: await crypto.subtle.exportKey('jwk', keys.publicKey), signature };
}
export function mapStore() {
  const map = new Map();
  return { map, get: async (k) => map.get(k) ?? null, set: async (k, v) => { map.set(k, v); }, remove: (k) => { map.delete(k); } };
}
export function throwingStore() {
  return { get: () => { throw new Error('no'); }, set: () => Promise.reject(new Error('no')), remove: () => {} };
}
"#)]
extern "C" {
    async fn signed(alg: &str) -> JsValue;
    fn mapStore() -> JsValue;
    fn throwingStore() -> JsValue;
}

#[wasm_bindgen_test]
async fn webcrypto_verifies_rs256_and_es256_and_refuses_tampering() {
    use authing_wasm::core::jws::Alg;
    use authing_wasm::web::webcrypto::verify;
    for (name, alg) in [("RS256", Alg::Rs(256)), ("ES256", Alg::Es256)] {
        let out = signed(name).await;
        let jwk = js_sys::Reflect::get(&out, &"jwk".into()).unwrap();
        let signature = js_sys::Uint8Array::new(&js_sys::Reflect::get(&out, &"signature".into()).unwrap()).to_vec();
        let params = alg.web_crypto().unwrap();
        assert!(verify(&params, &jwk, &signature, b"header.payload").await, "{name} verifies");
        assert!(!verify(&params, &jwk, &signature, b"header.payloaD").await, "{name}: other data");
        let mut forged = signature.clone();
        forged[10] ^= 1;
        assert!(!verify(&params, &jwk, &forged, b"header.payload").await, "{name}: altered signature");
    }
    // A key of the wrong type for the algorithm is a failed check, not an exception.
    let rsa = js_sys::Reflect::get(&signed("RS256").await, &"jwk".into()).unwrap();
    assert!(!verify(&Alg::Es256.web_crypto().unwrap(), &rsa, &[0; 64], b"x").await);
}

#[wasm_bindgen_test]
async fn custom_stores_may_be_async_and_a_throwing_one_gives_storage_error() {
    use authing_wasm::web::custom_store::CustomStore;
    let js = mapStore();
    let store = CustomStore::new(js.clone()).expect("get, set and remove");
    store.set("k", "v").await.unwrap();
    assert_eq!(store.get("k").await.unwrap().as_deref(), Some("v"));
    store.remove("k").await.unwrap();
    assert_eq!(store.get("k").await.unwrap(), None);
    assert!(CustomStore::new(JsValue::from_str("nope")).is_none());
    assert!(CustomStore::new(js_sys::Object::new().into()).is_none());

    let failing = CustomStore::new(throwingStore()).unwrap();
    assert_eq!(failing.get("k").await.unwrap_err().code.as_str(), "storage_error");
    assert_eq!(failing.set("k", "v").await.unwrap_err().code.as_str(), "storage_error");
}

#[wasm_bindgen_test]
async fn web_locks_run_one_holder_at_a_time_and_tell_who_waited() {
    use authing_wasm::web::locks::with_lock;
    use std::cell::RefCell;
    use std::rc::Rc;
    let log = Rc::new(RefCell::new(Vec::new()));
    type Log = Rc<RefCell<Vec<(u32, &'static str, bool)>>>;
    let hold = |id: u32, log: Log| async move {
        with_lock("test-lock", |waited| async move {
            log.borrow_mut().push((id, "in", waited));
            sleep(30).await;
            log.borrow_mut().push((id, "out", waited));
        })
        .await
    };
    futures_join(hold(1, log.clone()), hold(2, log.clone())).await;
    let log = log.borrow();
    assert_eq!(log.iter().map(|e| (e.0, e.1)).collect::<Vec<_>>(), [(1, "in"), (1, "out"), (2, "in"), (2, "out")]);
    assert_eq!((log[0].2, log[2].2), (false, true), "the second holder waited");
}

/// Both futures to completion (a tiny join, to stay free of the futures crate).
async fn futures_join(
    a: impl std::future::Future<Output = ()> + 'static,
    b: impl std::future::Future<Output = ()> + 'static,
) {
    let (a, b) = (
        wasm_bindgen_futures::future_to_promise(async move {
            a.await;
            Ok(JsValue::NULL)
        }),
        wasm_bindgen_futures::future_to_promise(async move {
            b.await;
            Ok(JsValue::NULL)
        }),
    );
    wasm_bindgen_futures::JsFuture::from(js_sys::Promise::all(&js_sys::Array::of2(&a, &b))).await.unwrap();
}

#[wasm_bindgen_test]
async fn broadcast_reaches_another_channel_of_the_same_name() {
    use authing_wasm::web::broadcast::Channel;
    use std::cell::RefCell;
    use std::rc::Rc;
    let got = Rc::new(RefCell::new(Vec::new()));
    let sink = got.clone();
    let _receiver =
        Channel::open("test-channel", move |data| sink.borrow_mut().push(data.as_string().unwrap_or_default()))
            .unwrap();
    let sender = Channel::open("test-channel", |_| panic!("a channel does not hear itself")).unwrap();
    sender.post(&"hello".into());
    for _ in 0..50 {
        if !got.borrow().is_empty() {
            break;
        }
        sleep(10).await;
    }
    assert_eq!(*got.borrow(), ["hello"]);
}

async fn sleep(ms: i32) {
    let wait = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(wait).await.unwrap();
}
