//! The widget's active messages: the [`Catalog`] its page carried, or the
//! one fetched when the customer switched language (`super::language`).
//! Plural categories and numbers come from the browser's `Intl`. A switch
//! refreshes the page, so every text binding reads the new language.

use std::cell::RefCell;

use crate::catalog::{Arg, Catalog, Numbers};

thread_local! {
    static CATALOG: RefCell<Catalog> = RefCell::new(Catalog::default());
}

/// Plural categories and numbers from the browser's `Intl`.
struct Browser<'a>(&'a str);

impl Numbers for Browser<'_> {
    fn plural(&self, n: f64) -> String {
        crate::client::plural_category(n, self.0)
    }

    fn number(&self, n: f64) -> String {
        crate::client::format_number(n, self.0).unwrap_or_else(|| crate::client::number_text(n))
    }
}

/// Makes `catalog` the active one.
pub fn install(catalog: Catalog) {
    CATALOG.with(|c| *c.borrow_mut() = catalog);
    super::dom::refresh();
}

/// The active language tag (`en` before any).
pub fn language() -> String {
    CATALOG.with(|c| {
        let c = c.borrow();
        if c.lang.is_empty() {
            "en".to_owned()
        } else {
            c.lang.clone()
        }
    })
}

/// The message `id` in the active language.
pub fn format(id: &str, args: &[(&str, Arg)]) -> String {
    CATALOG.with(|c| {
        let c = c.borrow();
        c.format(id, args, &Browser(&c.lang))
    })
}
