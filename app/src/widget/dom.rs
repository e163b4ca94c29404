//! The widget's DOM layer: elements built once, with bindings that keep
//! their dynamic parts (text, attributes, visibility, input values) in step
//! with the widget's state.
//!
//! Why not Leptos here: the customer widget must open fast on a phone abroad
//! (R-SITE1, ≤ 130 KB brotli for everything). The same widget as a Leptos
//! CSR app measured 254 KB brotli of WASM alone, of which reactive_graph
//! and tachys were the largest part (twiggy; see the issue-16 note). So the
//! widget uses this small, non-generic layer instead: every binding is a
//! boxed closure, and after any change of state [`refresh`] runs them all
//! (a few hundred comparisons of short strings), touching the DOM only
//! where a value differs. The desk, where size matters less, stays Leptos.
//!
//! - [`Scope`]: owns bindings and event handlers; dropping it drops them
//!   (regions that are rebuilt, such as one intake form per category, own a
//!   scope of their own).
//! - [`H`]: an element being built in a scope.
//! - [`Scope::switch`], [`H::when`]: a region rebuilt when its key changes,
//!   or present only while a condition holds.
//! - [`Scope::list`]: keyed rows (messages, uploaded files).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Element, Event};

/// A DOM event handler kept alive by its scope.
type Handler = Closure<dyn FnMut(Event)>;
/// What builds a region for a key, in the region's scope.
type Build = Box<dyn Fn(&str, &Scope) -> Vec<Element>>;

/// Bindings and handlers of one region of the widget.
#[derive(Default)]
pub struct Scope {
    updates: RefCell<Vec<Box<dyn FnMut()>>>,
    handlers: RefCell<Vec<Handler>>,
}

thread_local! {
    static ROOT: Rc<Scope> = Rc::new(Scope::default());
    static RUNNING: Cell<bool> = const { Cell::new(false) };
    static DIRTY: Cell<bool> = const { Cell::new(false) };
}

/// The scope of the whole widget.
pub fn root() -> Rc<Scope> {
    ROOT.with(Rc::clone)
}

/// Brings every binding up to date with the state. Called after each
/// change; a change made while bindings run is caught by one more pass.
pub fn refresh() {
    if RUNNING.with(|r| r.replace(true)) {
        DIRTY.with(|d| d.set(true));
        return;
    }
    let root = root();
    // Bounded: a binding that changes state on every pass cannot hang the page.
    for _ in 0..4 {
        DIRTY.with(|d| d.set(false));
        root.run();
        if !DIRTY.with(Cell::get) {
            break;
        }
    }
    RUNNING.with(|r| r.set(false));
}

/// The page's document.
pub fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

impl Scope {
    /// Runs this scope's bindings.
    pub fn run(&self) {
        // Bindings registered while running (a region rebuilding itself
        // registers into its own, new scope) cannot land here.
        let Ok(mut updates) = self.updates.try_borrow_mut() else {
            return;
        };
        for update in updates.iter_mut() {
            update();
        }
    }

    /// Registers `update` and runs it once now.
    pub fn bind(&self, update: impl FnMut() + 'static) {
        self.bind_boxed(Box::new(update));
    }

    // Non-generic halves (here and below): each call site only boxes its
    // closure, so the code of a binding exists once, not once per use.
    #[inline(never)]
    fn bind_boxed(&self, mut update: Box<dyn FnMut()>) {
        update();
        self.updates.borrow_mut().push(update);
    }

    fn keep(&self, handler: Handler) {
        self.handlers.borrow_mut().push(handler);
    }

    /// A new element `tag` in this scope.
    pub fn h(&self, tag: &str) -> H<'_> {
        let el = document()
            .and_then(|d| d.create_element(tag).ok())
            .unwrap_or_else(|| JsValue::NULL.unchecked_into());
        H { el, cx: self }
    }

    /// Keeps the elements `build` makes for the current value of `key()` at
    /// this point of `parent` (after what it holds now), rebuilding them (in
    /// a fresh scope) when the key changes. No wrapper element: the built
    /// elements are `parent`'s own children, so styles see them as such.
    pub fn switch(
        &self,
        parent: &Element,
        key: impl Fn() -> String + 'static,
        build: impl Fn(&str, &Scope) -> Vec<Element> + 'static,
    ) {
        self.switch_boxed(parent, Box::new(key), Box::new(build));
    }

    #[inline(never)]
    fn switch_boxed(&self, parent: &Element, key: Box<dyn Fn() -> String>, build: Build) {
        let Some(anchor) = document().map(|d| d.create_comment("")) else {
            return;
        };
        let _ = parent.append_child(&anchor);
        let parent = parent.clone();
        let mut current: Option<(String, Scope, Vec<Element>)> = None;
        self.bind_boxed(Box::new(move || {
            let wanted = key();
            if let Some((k, scope, _)) = &current
                && *k == wanted
            {
                scope.run();
                return;
            }
            if let Some((_, _, old)) = current.take() {
                for el in old {
                    el.remove();
                }
            }
            let scope = Scope::default();
            let built = build(&wanted, &scope);
            for el in &built {
                let _ = parent.insert_before(el, Some(&anchor));
            }
            current = Some((wanted, scope, built));
        }));
    }

    /// Keeps `parent`'s last children one per item of `items()`, in order
    /// (after any children it had before, which stay first): a row
    /// is built (in its own scope) for a key not seen before, kept (and its
    /// bindings run) for a key still there, and removed for a key gone.
    pub fn list<T: 'static>(
        &self,
        parent: &Element,
        items: impl Fn() -> Vec<(String, T)> + 'static,
        build: impl Fn(&T, &Scope) -> Element + 'static,
    ) {
        let parent = parent.clone();
        let mut rows: Vec<(String, Element, Scope)> = Vec::new();
        self.bind(move || {
            let wanted = items();
            let mut next: Vec<(String, Element, Scope)> = Vec::with_capacity(wanted.len());
            for (key, item) in wanted {
                if let Some(at) = rows.iter().position(|(k, _, _)| *k == key) {
                    let row = rows.swap_remove(at);
                    row.2.run();
                    next.push(row);
                } else {
                    let scope = Scope::default();
                    let el = build(&item, &scope);
                    next.push((key, el, scope));
                }
            }
            for (_, el, _) in rows.drain(..) {
                el.remove();
            }
            // Rows are the parent's last children: the kept ones, in their
            // old order, are its tail. Put each row where it belongs.
            let children = parent.children();
            let kept = next.iter().filter(|(_, el, _)| el.is_connected()).count();
            let mut expected = children.item(children.length().saturating_sub(kept as u32));
            for (_, el, _) in &next {
                if expected.as_ref() == Some(el) {
                    expected = el.next_element_sibling();
                } else {
                    let _ = parent.insert_before(el, expected.as_ref().map(|e| e.as_ref()));
                }
            }
            rows = next;
        });
    }
}

/// An element under construction.
pub struct H<'a> {
    el: Element,
    cx: &'a Scope,
}

impl H<'_> {
    /// The element.
    pub fn el(self) -> Element {
        self.el
    }

    /// Sets an attribute.
    pub fn attr(self, name: &str, value: &str) -> Self {
        let _ = self.el.set_attribute(name, value);
        self
    }

    /// Sets an attribute when `on`.
    pub fn flag(self, name: &str, on: bool) -> Self {
        if on {
            let _ = self.el.set_attribute(name, "");
        }
        self
    }

    /// Appends text.
    pub fn text(self, text: &str) -> Self {
        if let Some(node) = document().map(|d| d.create_text_node(text)) {
            let _ = self.el.append_child(&node);
        }
        self
    }

    /// Appends a child element.
    pub fn child(self, child: impl Into<Element>) -> Self {
        let _ = self.el.append_child(&child.into());
        self
    }

    /// Appends child elements.
    pub fn children(self, children: Vec<Element>) -> Self {
        for child in children {
            let _ = self.el.append_child(&child);
        }
        self
    }

    /// Calls `handler` on the DOM event `event`.
    pub fn on(self, event: &str, handler: impl FnMut(Event) + 'static) -> Self {
        self.on_boxed(event, Box::new(handler))
    }

    #[inline(never)]
    fn on_boxed(self, event: &str, handler: Box<dyn FnMut(Event)>) -> Self {
        let handler: Handler = Closure::wrap(handler);
        let _ = self
            .el
            .add_event_listener_with_callback(event, handler.as_ref().unchecked_ref());
        self.cx.keep(handler);
        self
    }

    /// Keeps the element's text equal to `text()`.
    pub fn text_with(self, text: impl Fn() -> String + 'static) -> Self {
        self.text_boxed(Box::new(text))
    }

    #[inline(never)]
    fn text_boxed(self, text: Box<dyn Fn() -> String>) -> Self {
        let el = self.el.clone();
        let mut shown: Option<String> = None;
        self.cx.bind(move || {
            let now = text();
            if shown.as_deref() != Some(now.as_str()) {
                el.set_text_content(Some(&now));
                shown = Some(now);
            }
        });
        self
    }

    /// Keeps attribute `name` equal to `value()` (absent while `None`).
    pub fn attr_with(
        self,
        name: &'static str,
        value: impl Fn() -> Option<String> + 'static,
    ) -> Self {
        self.attr_boxed(name, Box::new(value))
    }

    #[inline(never)]
    fn attr_boxed(self, name: &'static str, value: Box<dyn Fn() -> Option<String>>) -> Self {
        let el = self.el.clone();
        let mut shown: Option<Option<String>> = None;
        self.cx.bind(move || {
            let now = value();
            if shown.as_ref() != Some(&now) {
                match &now {
                    Some(v) => {
                        let _ = el.set_attribute(name, v);
                    }
                    None => {
                        let _ = el.remove_attribute(name);
                    }
                }
                shown = Some(now);
            }
        });
        self
    }

    /// Keeps boolean attribute `name` (e.g. `hidden`, `disabled`) present
    /// exactly while `on()`.
    pub fn flag_with(self, name: &'static str, on: impl Fn() -> bool + 'static) -> Self {
        self.attr_with(name, move || on().then(String::new))
    }

    /// Keeps a form control's `value` property equal to `value()`, without
    /// touching it while it already holds that (the caret stays put).
    pub fn value_with(self, value: impl Fn() -> String + 'static) -> Self {
        self.value_boxed(Box::new(value))
    }

    #[inline(never)]
    fn value_boxed(self, value: Box<dyn Fn() -> String>) -> Self {
        let el = self.el.clone();
        self.cx.bind(move || {
            let now = value();
            if control_value(&el) != now {
                set_control_value(&el, &now);
            }
        });
        self
    }

    /// Keeps a checkbox's or radio button's `checked` property equal to `on()`.
    pub fn checked_with(self, on: impl Fn() -> bool + 'static) -> Self {
        self.checked_boxed(Box::new(on))
    }

    #[inline(never)]
    fn checked_boxed(self, on: Box<dyn Fn() -> bool>) -> Self {
        let el = self.el.clone();
        self.cx.bind(move || {
            if let Some(input) = el.dyn_ref::<web_sys::HtmlInputElement>() {
                let now = on();
                if input.checked() != now {
                    input.set_checked(now);
                }
            }
        });
        self
    }

    /// Appends what `build` makes while `on()` (nothing otherwise).
    pub fn when(
        self,
        on: impl Fn() -> bool + 'static,
        build: impl Fn(&Scope) -> Vec<Element> + 'static,
    ) -> Self {
        self.switch(
            move || if on() { "1" } else { "" }.to_owned(),
            move |key, cx| {
                if key.is_empty() {
                    Vec::new()
                } else {
                    build(cx)
                }
            },
        )
    }

    /// Appends what `build` makes for `key()`, rebuilt when the key changes
    /// (see [`Scope::switch`]).
    pub fn switch(
        self,
        key: impl Fn() -> String + 'static,
        build: impl Fn(&str, &Scope) -> Vec<Element> + 'static,
    ) -> Self {
        self.cx.switch(&self.el, key, build);
        self
    }

    /// Keyed rows as the element's children (see [`Scope::list`]).
    pub fn list<T: 'static>(
        self,
        items: impl Fn() -> Vec<(String, T)> + 'static,
        build: impl Fn(&T, &Scope) -> Element + 'static,
    ) -> Self {
        self.cx.list(&self.el, items, build);
        self
    }
}

impl From<H<'_>> for Element {
    fn from(h: H<'_>) -> Element {
        h.el
    }
}

/// The `value` of an input, textarea or select (empty for anything else).
pub fn control_value(el: &Element) -> String {
    if let Some(i) = el.dyn_ref::<web_sys::HtmlInputElement>() {
        i.value()
    } else if let Some(t) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        t.value()
    } else if let Some(s) = el.dyn_ref::<web_sys::HtmlSelectElement>() {
        s.value()
    } else {
        String::new()
    }
}

fn set_control_value(el: &Element, value: &str) {
    if let Some(i) = el.dyn_ref::<web_sys::HtmlInputElement>() {
        i.set_value(value);
    } else if let Some(t) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        t.set_value(value);
    } else if let Some(s) = el.dyn_ref::<web_sys::HtmlSelectElement>() {
        s.set_value(value);
    }
}

/// The value of the control an event came from.
pub fn event_value(ev: &Event) -> String {
    ev.target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .map(|el| control_value(&el))
        .unwrap_or_default()
}

/// Whether the checkbox an event came from is checked.
pub fn event_checked(ev: &Event) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        .is_some_and(|i| i.checked())
}
