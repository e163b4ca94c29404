//! Browser-only plumbing (feature `browser`): a websocket that reconnects with
//! backoff and jitter, reacts to `online` / `visibilitychange`, plus small
//! wrappers for local storage, ids and time formatting.
//!
//! What to send after (re)connecting is the caller's business (`on_open`); the
//! resume rules themselves are pure code in [`crate::timeline`].

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{CloseEvent, MessageEvent, WebSocket};

use crate::timeline::reconnect_delay_ms;

/// After being hidden this long, a tab that becomes visible reconnects
/// (sockets often die silently while a laptop sleeps).
const STALE_AFTER_HIDDEN_MS: f64 = 30_000.0;

/// A DOM event handler kept alive for as long as its socket.
type Handler = Closure<dyn FnMut(JsValue)>;
/// Called with each text frame.
type TextCallback = Box<dyn Fn(&Connection, String)>;

/// What the owner of a [`Connection`] is told.
pub struct Callbacks {
    /// The socket is open: send `hello` (and re-send pending messages).
    pub on_open: Box<dyn Fn(&Connection)>,
    /// A text frame arrived.
    pub on_text: TextCallback,
    /// The socket opened (`true`) or was lost (`false`).
    pub on_state: Box<dyn Fn(bool)>,
}

struct Inner {
    url: String,
    ws: RefCell<Option<WebSocket>>,
    attempt: Cell<u32>,
    timer: Cell<Option<i32>>,
    hidden_since: Cell<Option<f64>>,
    callbacks: Callbacks,
    handlers: RefCell<Vec<Handler>>,
}

/// A self-healing websocket.
#[derive(Clone)]
pub struct Connection(Rc<Inner>);

impl Connection {
    /// Connects to `path` (e.g. `/ws/visitor`) on the page's own host.
    pub fn open(path: &str, callbacks: Callbacks) -> Option<Connection> {
        let location = web_sys::window()?.location();
        let scheme = if location.protocol().ok()? == "https:" {
            "wss"
        } else {
            "ws"
        };
        let url = format!("{scheme}://{}{path}", location.host().ok()?);
        let conn = Connection(Rc::new(Inner {
            url,
            ws: RefCell::new(None),
            attempt: Cell::new(0),
            timer: Cell::new(None),
            hidden_since: Cell::new(None),
            callbacks,
            handlers: RefCell::new(Vec::new()),
        }));
        conn.watch_environment();
        conn.connect();
        Some(conn)
    }

    /// Sends a text frame; `false` if the socket is not open (the caller keeps
    /// the data and sends it from `on_open`).
    pub fn send(&self, text: &str) -> bool {
        match self.0.ws.borrow().as_ref() {
            Some(ws) if ws.ready_state() == WebSocket::OPEN => ws.send_with_str(text).is_ok(),
            _ => false,
        }
    }

    /// Drops the current socket and connects again at once.
    pub fn reconnect_now(&self) {
        if let Some(ws) = self.0.ws.borrow_mut().take() {
            ws.set_onclose(None);
            ws.set_onmessage(None);
            ws.set_onopen(None);
            let _ = ws.close();
            (self.0.callbacks.on_state)(false);
        }
        self.0.attempt.set(0);
        self.connect();
    }

    fn is_open(&self) -> bool {
        matches!(self.0.ws.borrow().as_ref(), Some(ws) if ws.ready_state() == WebSocket::OPEN)
    }

    fn connect(&self) {
        if let (Some(t), Some(w)) = (self.0.timer.take(), web_sys::window()) {
            w.clear_timeout_with_handle(t);
        }
        let Ok(ws) = WebSocket::new(&self.0.url) else {
            self.schedule();
            return;
        };
        let weak = Rc::downgrade(&self.0);
        let onopen = Closure::<dyn FnMut(JsValue)>::new(move |_| {
            if let Some(c) = upgrade(&weak) {
                c.0.attempt.set(0);
                (c.0.callbacks.on_state)(true);
                (c.0.callbacks.on_open)(&c);
            }
        });
        let weak = Rc::downgrade(&self.0);
        let onmessage = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
            let Some(c) = upgrade(&weak) else { return };
            if let Some(text) = e
                .dyn_ref::<MessageEvent>()
                .and_then(|m| m.data().as_string())
            {
                (c.0.callbacks.on_text)(&c, text);
            }
        });
        let weak = Rc::downgrade(&self.0);
        let ws_for_close = ws.clone();
        let onclose = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
            let Some(c) = upgrade(&weak) else { return };
            let _ = e.dyn_ref::<CloseEvent>();
            let current = c.0.ws.borrow().as_ref().is_some_and(|w| w == &ws_for_close);
            if current {
                c.0.ws.borrow_mut().take();
                (c.0.callbacks.on_state)(false);
                c.schedule();
            }
        });
        ws.set_onopen(Some(onopen.as_ref().unchecked_ref()));
        ws.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
        ws.set_onclose(Some(onclose.as_ref().unchecked_ref()));
        {
            // Keep only the handlers of the live socket.
            let mut handlers = self.0.handlers.borrow_mut();
            handlers.clear();
            handlers.extend([onopen, onmessage, onclose]);
        }
        *self.0.ws.borrow_mut() = Some(ws);
    }

    fn schedule(&self) {
        let attempt = self.0.attempt.get().saturating_add(1);
        self.0.attempt.set(attempt);
        let delay = reconnect_delay_ms(attempt, js_sys::Math::random());
        let weak = Rc::downgrade(&self.0);
        let cb = Closure::once_into_js(move || {
            if let Some(c) = upgrade(&weak) {
                c.0.timer.set(None);
                c.connect();
            }
        });
        if let Some(w) = web_sys::window() {
            let handle = w
                .set_timeout_with_callback_and_timeout_and_arguments_0(
                    cb.unchecked_ref(),
                    delay as i32,
                )
                .ok();
            self.0.timer.set(handle);
        }
    }

    fn watch_environment(&self) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let weak = Rc::downgrade(&self.0);
        let online = Closure::<dyn FnMut(JsValue)>::new(move |_| {
            if let Some(c) = upgrade(&weak)
                && !c.is_open()
            {
                c.reconnect_now();
            }
        });
        let _ = window.add_event_listener_with_callback("online", online.as_ref().unchecked_ref());
        online.forget();

        let weak = Rc::downgrade(&self.0);
        let visibility = Closure::<dyn FnMut(JsValue)>::new(move |_| {
            let Some(c) = upgrade(&weak) else { return };
            let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
                return;
            };
            let now = js_sys::Date::now();
            if doc.visibility_state() == web_sys::VisibilityState::Hidden {
                c.0.hidden_since.set(Some(now));
            } else {
                let hidden_for = c.0.hidden_since.take().map(|t| now - t).unwrap_or(0.0);
                if !c.is_open() || hidden_for > STALE_AFTER_HIDDEN_MS {
                    c.reconnect_now();
                }
            }
        });
        if let Some(doc) = window.document() {
            let _ = doc.add_event_listener_with_callback(
                "visibilitychange",
                visibility.as_ref().unchecked_ref(),
            );
        }
        visibility.forget();
    }
}

fn upgrade(weak: &Weak<Inner>) -> Option<Connection> {
    weak.upgrade().map(Connection)
}

/// A random id for idempotency keys (128 bits, hex). Uses
/// `crypto.getRandomValues`, which works outside secure contexts too.
pub fn new_client_id() -> String {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .and_then(|c| c.get_random_values_with_u8_array(&mut bytes).ok())
        .is_some();
    if !filled {
        for b in bytes.iter_mut() {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Where the widget keeps what must survive a reload (visitor token, unsent
/// messages): the iframe's own local storage when the browser allows it, or —
/// when third-party storage is blocked, as in incognito windows — the host
/// page's first-party storage, reached through the origin-checked
/// `postMessage` bridge of `embed.js`. Never a URL.
enum Backing {
    Local(web_sys::Storage),
    Host {
        origin: String,
        cache: std::collections::HashMap<String, String>,
    },
    Memory(std::collections::HashMap<String, String>),
}

thread_local! {
    static BACKING: RefCell<Option<Backing>> = const { RefCell::new(None) };
}

fn iframe_storage() -> Option<web_sys::Storage> {
    let storage = web_sys::window()?.local_storage().ok()??;
    // Some browsers hand out a storage object that throws on write.
    storage.set_item("parley:probe", "1").ok()?;
    let _ = storage.remove_item("parley:probe");
    Some(storage)
}

/// Chooses the backing store; with the host bridge, asks the host page for the
/// saved values and calls `ready` once they arrived (or after a timeout).
pub fn init_storage(host_origin: &str, ready: impl FnOnce() + 'static) {
    if let Some(storage) = iframe_storage() {
        BACKING.with(|b| *b.borrow_mut() = Some(Backing::Local(storage)));
        ready();
        return;
    }
    let in_frame = web_sys::window()
        .and_then(|w| w.parent().ok().flatten().zip(Some(w)))
        .is_some_and(|(parent, me)| parent != me);
    if host_origin.is_empty() || !in_frame {
        BACKING.with(|b| *b.borrow_mut() = Some(Backing::Memory(Default::default())));
        ready();
        return;
    }
    BACKING.with(|b| {
        *b.borrow_mut() = Some(Backing::Host {
            origin: host_origin.to_owned(),
            cache: Default::default(),
        })
    });
    let ready = Rc::new(RefCell::new(Some(ready)));
    let on_ready = ready.clone();
    on_host_message(host_origin, move |kind, data| {
        if kind != "state" {
            return;
        }
        if let Ok(values) = js_sys::Reflect::get(data, &"values".into()) {
            let entries = js_sys::Object::entries(&values.unchecked_into());
            BACKING.with(|b| {
                if let Some(Backing::Host { cache, .. }) = b.borrow_mut().as_mut() {
                    for entry in entries.iter() {
                        let pair: js_sys::Array = entry.unchecked_into();
                        if let (Some(k), Some(v)) =
                            (pair.get(0).as_string(), pair.get(1).as_string())
                        {
                            cache.insert(k, v);
                        }
                    }
                }
            });
        }
        if let Some(f) = on_ready.borrow_mut().take() {
            f();
        }
    });
    // The widget posts `ready` once its listeners are in place; the host
    // answers with `state`.
    // Do not wait forever for a host page that does not answer.
    let timeout = Closure::once_into_js(move || {
        if let Some(f) = ready.borrow_mut().take() {
            f();
        }
    });
    if let Some(w) = web_sys::window() {
        let _ =
            w.set_timeout_with_callback_and_timeout_and_arguments_0(timeout.unchecked_ref(), 1500);
    }
}

/// Reads a saved value.
pub fn storage_get(key: &str) -> Option<String> {
    BACKING.with(|b| match b.borrow().as_ref()? {
        Backing::Local(s) => s.get_item(key).ok()?,
        Backing::Host { cache, .. } | Backing::Memory(cache) => cache.get(key).cloned(),
    })
}

fn storage_write(key: &str, value: Option<&str>) {
    BACKING.with(|b| match b.borrow_mut().as_mut() {
        Some(Backing::Local(s)) => {
            let _ = match value {
                Some(v) => s.set_item(key, v),
                None => s.remove_item(key),
            };
        }
        Some(Backing::Host { origin, cache }) => {
            match value {
                Some(v) => cache.insert(key.to_owned(), v.to_owned()),
                None => cache.remove(key),
            };
            let msg = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&msg, &"key".into(), &key.into());
            let _ = js_sys::Reflect::set(
                &msg,
                &"value".into(),
                &value.map(JsValue::from).unwrap_or(JsValue::NULL),
            );
            post_to_host(origin, &msg, "save");
        }
        Some(Backing::Memory(cache)) => {
            match value {
                Some(v) => cache.insert(key.to_owned(), v.to_owned()),
                None => cache.remove(key),
            };
        }
        None => {}
    })
}

/// Saves a value.
pub fn storage_set(key: &str, value: &str) {
    storage_write(key, Some(value));
}

/// Removes a saved value.
pub fn storage_remove(key: &str) {
    storage_write(key, None);
}

/// The browser's IANA time zone, e.g. `Europe/Berlin`.
pub fn time_zone() -> Option<String> {
    let dtf = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new());
    js_sys::Reflect::get(&dtf.resolved_options(), &"timeZone".into())
        .ok()?
        .as_string()
}

/// Focuses the first element matching one of `selectors` (in that order).
pub fn focus_first(selectors: &[&str]) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(el) = selectors
        .iter()
        .find_map(|s| doc.query_selector(s).ok().flatten())
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// A string field of a posted message.
pub fn message_field(data: &JsValue, name: &str) -> Option<String> {
    js_sys::Reflect::get(data, &name.into()).ok()?.as_string()
}

/// Calls `on(kind, data)` for each `{parley: kind, …}` message that the
/// embedding page (and only it: its window, from `host_origin`) posts to the widget.
pub fn on_host_message(host_origin: &str, on: impl Fn(&str, &JsValue) + 'static) {
    let host = host_origin.to_owned();
    let listener = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
        let Some(e) = e.dyn_ref::<MessageEvent>() else {
            return;
        };
        let from_parent = web_sys::window()
            .and_then(|w| w.parent().ok().flatten())
            .zip(e.source())
            .is_some_and(|(parent, source)| JsValue::from(parent) == JsValue::from(source));
        if host.is_empty() || e.origin() != host || !from_parent {
            return;
        }
        let data = e.data();
        let Some(kind) = js_sys::Reflect::get(&data, &"parley".into())
            .ok()
            .and_then(|v| v.as_string())
        else {
            return;
        };
        on(&kind, &data);
    });
    if let Some(w) = web_sys::window() {
        let _ = w.add_event_listener_with_callback("message", listener.as_ref().unchecked_ref());
    }
    listener.forget();
}

/// A time of day at `unix_ms` in `time_zone`, formatted for `locale`; `None`
/// if the browser does not know the zone (never throws).
pub fn format_time_in_zone(unix_ms: i64, locale: &str, time_zone: &str) -> Option<String> {
    let intl = js_sys::Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
    let ctor: js_sys::Function = js_sys::Reflect::get(&intl, &"DateTimeFormat".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"hour".into(), &"2-digit".into()).ok()?;
    js_sys::Reflect::set(&options, &"minute".into(), &"2-digit".into()).ok()?;
    js_sys::Reflect::set(&options, &"weekday".into(), &"short".into()).ok()?;
    js_sys::Reflect::set(&options, &"timeZone".into(), &time_zone.into()).ok()?;
    js_sys::Reflect::set(&options, &"timeZoneName".into(), &"short".into()).ok()?;
    let args = js_sys::Array::of2(&locale.into(), &options);
    let dtf = js_sys::Reflect::construct(&ctor, &args).ok()?;
    let format: js_sys::Function = js_sys::Reflect::get(&dtf, &"format".into())
        .ok()?
        .dyn_into()
        .ok()?;
    format
        .call1(&dtf, &JsValue::from_f64(unix_ms as f64))
        .ok()?
        .as_string()
}

/// A country's name in `locale` (`Intl.DisplayNames`), e.g. `DE` → `Deutschland`.
pub fn region_name(code: &str, locale: &str) -> Option<String> {
    let intl = js_sys::Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
    let ctor: js_sys::Function = js_sys::Reflect::get(&intl, &"DisplayNames".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"type".into(), &"region".into()).ok()?;
    let args = js_sys::Array::of2(&locale.into(), &options);
    let names = js_sys::Reflect::construct(&ctor, &args).ok()?;
    let of: js_sys::Function = js_sys::Reflect::get(&names, &"of".into())
        .ok()?
        .dyn_into()
        .ok()?;
    of.call1(&names, &code.into()).ok()?.as_string()
}

/// `value` formatted by `Intl.NumberFormat(locale, options)`; `None` if the
/// browser refuses the options (never throws).
fn number_format(locale: &str, options: &[(&str, &str)], value: f64) -> Option<String> {
    let intl = js_sys::Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
    let ctor: js_sys::Function = js_sys::Reflect::get(&intl, &"NumberFormat".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let opts = js_sys::Object::new();
    for (k, v) in options {
        js_sys::Reflect::set(&opts, &(*k).into(), &(*v).into()).ok()?;
    }
    let args = js_sys::Array::of2(&locale.into(), &opts);
    let nf = js_sys::Reflect::construct(&ctor, &args).ok()?;
    let format: js_sys::Function = js_sys::Reflect::get(&nf, &"format".into())
        .ok()?
        .dyn_into()
        .ok()?;
    format
        .call1(&nf, &JsValue::from_f64(value))
        .ok()?
        .as_string()
}

/// A plain number in `locale`, e.g. `12.345` in German and `12,345` in English.
pub fn format_number(value: f64, locale: &str) -> Option<String> {
    number_format(locale, &[], value)
}

/// An amount of money in the reader's locale, e.g. `170,00 €` in German and
/// `€170.00` in English.
pub fn format_money(major_units: f64, currency: &str, locale: &str) -> Option<String> {
    number_format(
        locale,
        &[("style", "currency"), ("currency", currency)],
        major_units,
    )
}

/// A weight in kilograms in the reader's locale, e.g. `0,5 kg` / `0.5 kg`.
pub fn format_kg(kg: f64, locale: &str) -> Option<String> {
    number_format(
        locale,
        &[
            ("style", "unit"),
            ("unit", "kilogram"),
            ("maximumFractionDigits", "3"),
        ],
        kg,
    )
}

/// A time of day in the reader's locale and time zone, via the browser's `Intl`.
pub fn format_time(unix_ms: i64, locale: &str) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(unix_ms as f64));
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"hour".into(), &"2-digit".into());
    let _ = js_sys::Reflect::set(&options, &"minute".into(), &"2-digit".into());
    date.to_locale_time_string_with_options(locale, &options)
        .into()
}

/// A date and time in the reader's locale and time zone, via `Intl`.
pub fn format_date_time(unix_ms: i64, locale: &str) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(unix_ms as f64));
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
    date.to_locale_string(locale, &options).into()
}

/// Posts `msg` (tagged `parley: kind`) to the embedding page, only to the
/// origin that embedded us.
pub fn post_to_host(host_origin: &str, msg: &js_sys::Object, kind: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(Some(parent)) = window.parent() else {
        return;
    };
    if host_origin.is_empty() {
        return;
    }
    let _ = js_sys::Reflect::set(msg, &"parley".into(), &kind.into());
    let _ = parent.post_message(msg, host_origin);
}

/// Uploads a file the customer picked to `POST /api/attachments` with the
/// visitor token; the server decides its type from the bytes.
pub async fn upload_attachment(
    file: web_sys::File,
    token: &str,
) -> Result<crate::protocol::AttachmentInfo, crate::error::ErrorCode> {
    upload_file(
        "/api/attachments",
        file,
        ("authorization", &format!("Bearer {token}")),
    )
    .await
}

/// Uploads `file` as the raw body of a POST to `url` (its name in
/// `X-File-Name`) with the header `auth` (the visitor token, or the desk's
/// CSRF token); the stored file's record, or the server's refusal.
pub async fn upload_file(
    url: &str,
    file: web_sys::File,
    auth: (&str, &str),
) -> Result<crate::protocol::AttachmentInfo, crate::error::ErrorCode> {
    use crate::error::ErrorCode;
    use wasm_bindgen_futures::JsFuture;
    let window = web_sys::window().ok_or(ErrorCode::Internal)?;
    let headers = web_sys::Headers::new().map_err(|_| ErrorCode::Internal)?;
    let name = js_sys::encode_uri_component(&file.name())
        .as_string()
        .unwrap_or_default();
    if headers.set(auth.0, auth.1).is_err() || headers.set("x-file-name", &name).is_err() {
        return Err(ErrorCode::Internal);
    }
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&file);
    let resp: web_sys::Response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .map_err(|_| ErrorCode::Internal)?
        .dyn_into()
        .map_err(|_| ErrorCode::Internal)?;
    let json = JsFuture::from(resp.json().map_err(|_| ErrorCode::Internal)?)
        .await
        .map_err(|_| ErrorCode::Internal)?;
    let text = js_sys::JSON::stringify(&json)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or(ErrorCode::Internal)?;
    if resp.ok() {
        serde_json::from_str(&text).map_err(|_| ErrorCode::Internal)
    } else {
        #[derive(serde::Deserialize)]
        struct Refused {
            code: ErrorCode,
        }
        Err(serde_json::from_str::<Refused>(&text)
            .map(|r| r.code)
            .unwrap_or(ErrorCode::Internal))
    }
}

/// The JSON a page carries in `<script type="application/json" id=…>`.
pub fn boot_data<T: serde::de::DeserializeOwned>(id: &str) -> Option<T> {
    let text = web_sys::window()?
        .document()?
        .get_element_by_id(id)?
        .text_content()?;
    serde_json::from_str(&text).ok()
}

/// `GET url` on this origin as text; `None` on any failure.
pub async fn fetch_text(url: &str) -> Option<String> {
    use wasm_bindgen_futures::JsFuture;
    let resp: web_sys::Response = JsFuture::from(web_sys::window()?.fetch_with_str(url))
        .await
        .ok()?
        .dyn_into()
        .ok()?;
    if !resp.ok() {
        return None;
    }
    JsFuture::from(resp.text().ok()?).await.ok()?.as_string()
}

/// The document's title, `lang` and direction.
pub fn set_document_language(title: &str, lang: &str, rtl: bool) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    document.set_title(title);
    if let Some(root) = document.document_element() {
        let _ = root.set_attribute("lang", lang);
        let _ = root.set_attribute("dir", if rtl { "rtl" } else { "ltr" });
    }
}

/// A pending `setTimeout`; dropping it cancels the call.
pub struct Timer {
    id: i32,
    _callback: Closure<dyn FnMut()>,
}

impl Drop for Timer {
    fn drop(&mut self) {
        if let Some(w) = web_sys::window() {
            w.clear_timeout_with_handle(self.id);
        }
    }
}

/// Calls `f` once after `ms` milliseconds, unless the timer is dropped first.
pub fn after(ms: i32, f: impl FnOnce() + 'static) -> Option<Timer> {
    let callback = Closure::once(f);
    let id = web_sys::window()?
        .set_timeout_with_callback_and_timeout_and_arguments_0(
            callback.as_ref().unchecked_ref(),
            ms,
        )
        .ok()?;
    Some(Timer {
        id,
        _callback: callback,
    })
}

/// Whether `value` matches the JavaScript regular expression `pattern`;
/// `None` when the browser cannot compile it (the exception is caught).
pub fn regexp_matches(pattern: &str, value: &str) -> Option<bool> {
    let ctor: js_sys::Function = js_sys::Reflect::get(&js_sys::global(), &"RegExp".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let args = js_sys::Array::of1(&pattern.into());
    let re: js_sys::RegExp = js_sys::Reflect::construct(&ctor, &args)
        .ok()?
        .dyn_into()
        .ok()?;
    Some(re.test(value))
}

/// The CLDR cardinal plural category of `n` in `locale` (`Intl.PluralRules`).
pub fn plural_category(n: f64, locale: &str) -> String {
    let locales = js_sys::Array::of1(&locale.into());
    js_sys::Intl::PluralRules::new(&locales, &js_sys::Object::new())
        .select(n)
        .as_string()
        .unwrap_or_else(|| "other".to_owned())
}

/// `n` as JavaScript writes a number (`String(n)`).
pub fn number_text(n: f64) -> String {
    js_sys::Number::from(n)
        .to_string_with_radix(10)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

/// `names` in `locale`'s alphabetical order (`Intl.Collator`); the order
/// given when the browser cannot collate.
pub fn collate(names: Vec<String>, locale: &str) -> Vec<String> {
    let sorted = (|| {
        let locales = js_sys::Array::of1(&locale.into());
        let collator = js_sys::Intl::Collator::new(&locales, &js_sys::Object::new());
        let list: js_sys::Array = names.iter().map(|n| JsValue::from_str(n)).collect();
        let sort: js_sys::Function = js_sys::Reflect::get(&list, &"sort".into())
            .ok()?
            .dyn_into()
            .ok()?;
        sort.call1(&list, &collator.compare()).ok()?;
        Some(
            list.iter()
                .filter_map(|v| v.as_string())
                .collect::<Vec<String>>(),
        )
    })();
    sorted.filter(|s| s.len() == names.len()).unwrap_or(names)
}

/// The decoded value of `name` in the page's query string.
pub fn query_param(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    search.trim_start_matches('?').split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k == name)
            .then(|| {
                js_sys::decode_uri_component(&v.replace('+', " "))
                    .ok()?
                    .as_string()
            })
            .flatten()
    })
}

/// The site's accent (checked by the server) as the page's `--accent` and
/// the customer's bubbles, set through the CSSOM, which the page's policy
/// allows (no inline style).
pub fn set_accent(accent: &str) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    let style = root.style();
    let _ = style.set_property("--accent", accent);
    let _ = style.set_property("--bubble-mine", accent);
}
