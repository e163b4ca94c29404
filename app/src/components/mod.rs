//! Pieces shared by the widget and the desk.

pub mod composer;
pub mod facts;
pub mod message;

use leptos::prelude::*;

/// `false` while the page is the server's HTML, `true` once the browser has
/// hydrated it. Controls whose handlers live in the WASM (the language
/// switchers) are disabled until then, so a choice made in the first moment
/// is not silently dropped. Effects never run on the server.
pub fn hydrated() -> ReadSignal<bool> {
    let (done, set_done) = signal(false);
    Effect::new(move |_| set_done.set(true));
    done
}
