//! The hidden iframe of silent sign-in: created for one flow and removed from the page when dropped.

use crate::core::error::{Error, ErrorCode, Result};
use wasm_bindgen::JsCast;
use web_sys::{HtmlIFrameElement, Window};

pub struct HiddenFrame(HtmlIFrameElement);

impl HiddenFrame {
    pub fn open(url: &str) -> Result<Self> {
        let document = super::window().document().ok_or_else(no_document)?;
        let frame: HtmlIFrameElement = document.create_element("iframe").map_err(|_| no_document())?.unchecked_into();
        for (name, value) in [("aria-hidden", "true"), ("tabindex", "-1"), ("title", "authing-wasm silent sign-in")] {
            let _ = frame.set_attribute(name, value);
        }
        frame.style().set_css_text("position:absolute;width:0;height:0;border:0;visibility:hidden");
        frame.set_src(url);
        document.body().ok_or_else(no_document)?.append_child(&frame).map_err(|_| no_document())?;
        Ok(HiddenFrame(frame))
    }

    pub fn window(&self) -> Option<Window> {
        self.0.content_window()
    }
}

impl Drop for HiddenFrame {
    fn drop(&mut self) {
        self.0.remove();
    }
}

fn no_document() -> Error {
    Error::new(ErrorCode::ConfigError, "Silent sign-in needs a page with a document body.")
}
