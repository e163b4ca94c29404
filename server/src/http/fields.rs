//! The fields of a plain HTML form (`application/x-www-form-urlencoded`)
//! read by name: a missing field reads as empty, as a browser would send
//! an empty input.

/// A form's fields, in the order sent.
pub(crate) struct Fields(pub Vec<(String, String)>);

impl Fields {
    /// The fields of `body`.
    pub fn of(body: &[u8]) -> Fields {
        Fields(form_urlencoded::parse(body).into_owned().collect())
    }

    /// The first value of `name` (empty when absent).
    pub fn get(&self, name: &str) -> String {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }
}
