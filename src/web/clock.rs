//! The wall clock, the only source of "now" handed to the core.

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}
