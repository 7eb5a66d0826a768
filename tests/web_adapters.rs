//! The browser adapters in real headless Chromium (`cargo test --target wasm32-unknown-unknown`).
#![cfg(target_arch = "wasm32")]

use authing_wasm::core::json::Fields;
use authing_wasm::core::transaction::{Transaction, TTL_MS};
use authing_wasm::flows::events::Events;
use authing_wasm::flows::session::SessionCache;
use authing_wasm::flows::transactions::Transactions;
use authing_wasm::web::{clock, crypto, json::JsFields, location, storage::Store};
use wasm_bindgen::JsValue;
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
