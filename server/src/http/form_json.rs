//! Plain HTML forms that stand for JSON: each field is named by its path
//! in the JSON (`urgent_first_response:n`, `[0].names.en`,
//! `[1].calendar.closures[2]`), so the setup forms work without any
//! script, and the server's checks, which name a place such as
//! `fees[0].currency`, point straight at the field of that name.
//!
//! A path is `.`-separated keys and `[i]` indexes. A suffix says the type:
//! `:n` a number, `:b` a checkbox (`true` when sent), none a string. In an
//! array, an item with `_remove` set is dropped, an item whose fields were
//! all left blank is dropped (forms offer a blank row to add one), and
//! `_order` (a number) sorts the items.

use serde_json::{Map, Value};

/// Most fields a form may carry.
pub const MAX_FIELDS: usize = 5000;
/// Deepest path.
const MAX_DEPTH: usize = 8;
/// Largest index in a path.
const MAX_INDEX: usize = 500;

/// Why a form does not stand for JSON: the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormError {
    /// The field's name.
    pub field: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
}

fn parse_path(name: &str) -> Option<Vec<Step>> {
    let mut steps = Vec::new();
    let mut rest = name;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('[') {
            let end = r.find(']')?;
            let i: usize = r[..end].parse().ok()?;
            if i > MAX_INDEX {
                return None;
            }
            steps.push(Step::Index(i));
            rest = &r[end + 1..];
        } else {
            let r = rest.strip_prefix('.').unwrap_or(rest);
            let end = r.find(['.', '[']).unwrap_or(r.len());
            let key = &r[..end];
            if key.is_empty()
                || !key
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
            {
                return None;
            }
            steps.push(Step::Key(key.to_owned()));
            rest = &r[end..];
        }
        if steps.len() > MAX_DEPTH {
            return None;
        }
    }
    (!steps.is_empty()).then_some(steps)
}

/// Sets `value` at `path` under `node`, making objects and arrays on the way
/// (arrays by index, holes filled with nulls).
fn set(node: &mut Value, path: &[Step], value: Value) -> bool {
    let Some((first, rest)) = path.split_first() else {
        *node = value;
        return true;
    };
    match first {
        Step::Key(k) => {
            if node.is_null() {
                *node = Value::Object(Map::new());
            }
            let Some(map) = node.as_object_mut() else {
                return false;
            };
            set(map.entry(k.clone()).or_insert(Value::Null), rest, value)
        }
        Step::Index(i) => {
            if node.is_null() {
                *node = Value::Array(Vec::new());
            }
            let Some(items) = node.as_array_mut() else {
                return false;
            };
            while items.len() <= *i {
                items.push(Value::Null);
            }
            set(&mut items[*i], rest, value)
        }
    }
}

/// Whether every leaf of `v` is blank (an empty string or `false`).
fn blank(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Bool(b) => !b,
        Value::Number(_) => false,
        Value::Array(items) => items.iter().all(blank),
        Value::Object(map) => map
            .iter()
            .filter(|(k, _)| *k != "_order")
            .all(|(_, v)| blank(v)),
    }
}

/// Drops removed and blank array items, sorts by `_order`, strips the
/// bookkeeping keys, and removes empty strings from objects (a field left
/// empty is "not given").
fn tidy(v: Value) -> Value {
    match v {
        Value::Array(items) => {
            let mut kept: Vec<(f64, Value)> = items
                .into_iter()
                .filter(|item| item.get("_remove").and_then(Value::as_bool) != Some(true))
                .filter(|item| !blank(item))
                .map(|item| {
                    let order = item
                        .get("_order")
                        .and_then(Value::as_f64)
                        .unwrap_or(f64::MAX);
                    (order, tidy(item))
                })
                .collect();
            kept.sort_by(|a, b| a.0.total_cmp(&b.0));
            Value::Array(kept.into_iter().map(|(_, v)| v).collect())
        }
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(k, v)| {
                    k != "_remove"
                        && k != "_order"
                        && !matches!(v, Value::String(s) if s.trim().is_empty())
                        && !v.is_null()
                })
                .map(|(k, v)| (k, tidy(v)))
                .collect(),
        ),
        other => other,
    }
}

/// The JSON a form stands for (fields not named as paths, like `_csrf`,
/// are ignored); `root` is what an empty form stands for (`[]` or `{}`).
pub fn to_json(fields: &[(String, String)], root: Value) -> Result<Value, FormError> {
    if fields.len() > MAX_FIELDS {
        return Err(FormError {
            field: String::new(),
        });
    }
    let mut out = root;
    for (name, raw) in fields {
        if name.starts_with('_') {
            continue;
        }
        let refuse = || FormError {
            field: name.clone(),
        };
        let (path, value) = match name.rsplit_once(':') {
            Some((p, "n")) => {
                let text = raw.trim();
                let value = if text.is_empty() {
                    Value::String(String::new())
                } else {
                    serde_json::from_str::<serde_json::Number>(text)
                        .map(Value::Number)
                        .map_err(|_| refuse())?
                };
                (p, value)
            }
            Some((p, "b")) => (p, Value::Bool(true)),
            Some(_) => return Err(refuse()),
            None => (name.as_str(), Value::String(raw.clone())),
        };
        let path = parse_path(path).ok_or_else(refuse)?;
        if !set(&mut out, &path, value) {
            return Err(refuse());
        }
    }
    Ok(tidy(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn form(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn objects_take_numbers_strings_and_checkboxes() {
        let v = to_json(
            &form(&[
                ("_csrf", "x"),
                ("urgent_first_response:n", "10"),
                ("warn_percent:n", " 80 "),
                ("name", "APAC"),
                ("complaint:b", "on"),
            ]),
            json!({}),
        )
        .unwrap();
        assert_eq!(
            v,
            json!({"urgent_first_response": 10, "warn_percent": 80, "name": "APAC", "complaint": true})
        );
    }

    #[test]
    fn arrays_drop_removed_and_blank_rows_and_follow_their_order() {
        let v = to_json(
            &form(&[
                ("[0].key", "express"),
                ("[0].names.en", "Express"),
                ("[0].names.de", ""),
                ("[0]._order:n", "2"),
                ("[1].key", "economy"),
                ("[1]._order:n", "1"),
                ("[2].key", "old"),
                ("[2]._remove:b", "on"),
                ("[3].key", ""),
                ("[3].names.en", ""),
                ("[3]._order:n", "4"),
            ]),
            json!([]),
        )
        .unwrap();
        assert_eq!(
            v,
            json!([{"key": "economy"}, {"key": "express", "names": {"en": "Express"}}])
        );
    }

    #[test]
    fn nested_arrays_and_objects() {
        let v = to_json(
            &form(&[
                ("[0].name", "EMEA"),
                ("[0].calendar.closures[0]", "2026-12-25"),
                ("[0].calendar.closures[1]", ""),
                ("[0].calendar.closures[2]", "2027-01-01"),
                ("[0].calendar.week[0].day", "mon"),
            ]),
            json!([]),
        )
        .unwrap();
        assert_eq!(
            v,
            json!([{"name": "EMEA", "calendar": {"closures": ["2026-12-25", "2027-01-01"], "week": [{"day": "mon"}]}}])
        );
    }

    #[test]
    fn malformed_names_and_numbers_are_refused_by_field() {
        for (name, value) in [
            ("x:n", "ten"),
            ("x:q", "1"),
            ("a..b", "1"),
            ("a[x]", "1"),
            ("a[1", "1"),
            ("a[100000]", "1"),
            ("a b", "1"),
            ("a.b.c.d.e.f.g.h.i", "1"),
        ] {
            assert_eq!(
                to_json(&form(&[(name, value)]), json!({})),
                Err(FormError {
                    field: name.to_owned()
                }),
                "{name}"
            );
        }
        // A path that is an object in one field and an array in another.
        assert!(to_json(&form(&[("a.b", "1"), ("a[0]", "2")]), json!({})).is_err());
        let many: Vec<(String, String)> = (0..=MAX_FIELDS)
            .map(|i| (format!("k{i}"), String::new()))
            .collect();
        assert!(to_json(&many, json!({})).is_err());
    }

    #[test]
    fn an_empty_form_is_its_root() {
        assert_eq!(to_json(&[], json!([])).unwrap(), json!([]));
        assert_eq!(
            to_json(&form(&[("_csrf", "t")]), json!({})).unwrap(),
            json!({})
        );
    }
}
