//! The API's document: `/api/v1/openapi.json` for tools, `/api/v1/docs`
//! for people — a page rendered on the server from that same document
//! (every operation with its parameters, body and answers, then every
//! type), its headings in the reader's language. Neither needs a key.

use std::fmt::Write as _;
use std::sync::Arc;

use axum::Router;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use parley_app::i18n::lookup;
use parley_app::locale::{SHIPPED, is_rtl, negotiate, parse_preferences};
use serde_json::Value;
use utoipa::openapi::OpenApi;

use crate::http::widget::escape_html as esc;
use crate::state::AppState;

pub(super) fn router(doc: Arc<OpenApi>) -> Router<AppState> {
    let json: Arc<str> = doc.to_pretty_json().unwrap_or_default().into();
    let value: Arc<Value> = Arc::new(serde_json::from_str(&json).unwrap_or(Value::Null));
    Router::new()
        .route(
            "/api/v1/openapi.json",
            get(move || {
                let json = json.clone();
                async move {
                    (
                        [
                            (header::CONTENT_TYPE, "application/json"),
                            (header::CACHE_CONTROL, "no-cache"),
                        ],
                        json.to_string(),
                    )
                }
            }),
        )
        .route(
            "/api/v1/docs",
            get(move |headers: HeaderMap| {
                let value = value.clone();
                async move { page(&value, &headers) }
            }),
        )
}

/// The reader's language: `Accept-Language` among the shipped ones.
fn language(headers: &HeaderMap) -> &'static str {
    let wanted = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(parse_preferences)
        .unwrap_or_default();
    negotiate(&wanted, SHIPPED, "en")
}

fn page(doc: &Value, headers: &HeaderMap) -> Response {
    let lang = language(headers);
    let t = |id: &str| esc(&lookup(lang, id));
    let mut html = String::with_capacity(32 * 1024);
    let title = doc["info"]["title"].as_str().unwrap_or("API");
    let _ = write!(
        html,
        "<!doctype html><html lang=\"{lang}\" dir=\"{dir}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><link rel=\"stylesheet\" href=\"/pkg/parley.css\"></head>\
         <body class=\"api-docs\"><main data-testid=\"api-docs\"><h1>{title}</h1>\
         <p dir=\"ltr\" lang=\"en\">{intro}</p>\
         <p><a href=\"/api/v1/openapi.json\" data-testid=\"openapi-link\">{json}</a></p>",
        dir = if is_rtl(lang) { "rtl" } else { "ltr" },
        title = esc(title),
        intro = esc(doc["info"]["description"].as_str().unwrap_or_default()),
        json = t("api-docs-json"),
    );
    let _ = write!(
        html,
        "<nav aria-label=\"{}\"><ul>",
        t("api-docs-operations")
    );
    let ops = operations(doc);
    for (method, path, op) in &ops {
        let _ = write!(
            html,
            "<li><a href=\"#{anchor}\"><code dir=\"ltr\">{m} {p}</code></a> {s}</li>",
            anchor = anchor(method, path),
            m = method.to_uppercase(),
            p = esc(path),
            s = esc(summary(op)),
        );
    }
    html.push_str("</ul></nav>");
    for (method, path, op) in &ops {
        operation(&mut html, lang, method, path, op);
    }
    let _ = write!(html, "<h2 id=\"types\">{}</h2>", t("api-docs-types"));
    if let Some(schemas) = doc["components"]["schemas"].as_object() {
        for (name, schema) in schemas {
            let _ = write!(
                html,
                "<section aria-labelledby=\"type-{n}\"><h3 id=\"type-{n}\"><code>{n}</code></h3>",
                n = esc(name)
            );
            if let Some(d) = schema["description"].as_str() {
                let _ = write!(html, "<p lang=\"en\">{}</p>", esc(d));
            }
            fields(&mut html, lang, schema);
            html.push_str("</section>");
        }
    }
    html.push_str("</main></body></html>");
    let mut resp = ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response();
    resp.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; style-src 'self'; frame-ancestors 'none'"),
    );
    resp
}

fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let mut ops = Vec::new();
    if let Some(paths) = doc["paths"].as_object() {
        for (path, item) in paths {
            for method in ["get", "post"] {
                if let Some(op) = item.get(method) {
                    ops.push((method.to_owned(), path.clone(), op.clone()));
                }
            }
        }
    }
    ops
}

fn anchor(method: &str, path: &str) -> String {
    let mut a = format!("op-{method}");
    for c in path.chars() {
        a.push(if c.is_ascii_alphanumeric() { c } else { '-' });
    }
    a
}

fn summary(op: &Value) -> &str {
    op["summary"]
        .as_str()
        .or_else(|| op["description"].as_str())
        .unwrap_or_default()
}

fn operation(html: &mut String, lang: &str, method: &str, path: &str, op: &Value) {
    let t = |id: &str| esc(&lookup(lang, id));
    let id = anchor(method, path);
    let _ = write!(
        html,
        "<section aria-labelledby=\"{id}\" data-testid=\"api-operation\"><h2 id=\"{id}\">\
         <code dir=\"ltr\">{m} {p}</code></h2>",
        m = method.to_uppercase(),
        p = esc(path),
    );
    for key in ["summary", "description"] {
        if let Some(text) = op[key].as_str() {
            let _ = write!(html, "<p lang=\"en\">{}</p>", esc(text));
        }
    }
    if let Some(params) = op["parameters"].as_array().filter(|p| !p.is_empty()) {
        let _ = write!(
            html,
            "<h3>{}</h3><table tabindex=\"0\"><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th>\
             <th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
            t("api-docs-parameters"),
            t("api-docs-name"),
            t("api-docs-in"),
            t("api-docs-type"),
            t("api-docs-description"),
        );
        for p in params {
            let required = p["required"].as_bool().unwrap_or(false);
            let _ = write!(
                html,
                "<tr><td><code>{n}</code>{r}</td><td>{i}</td><td dir=\"ltr\">{ty}</td><td lang=\"en\">{d}</td></tr>",
                n = esc(p["name"].as_str().unwrap_or_default()),
                r = if required {
                    format!(" ({})", t("api-docs-required"))
                } else {
                    String::new()
                },
                i = esc(p["in"].as_str().unwrap_or_default()),
                ty = type_of(&p["schema"]),
                d = esc(p["description"].as_str().unwrap_or_default()),
            );
        }
        html.push_str("</tbody></table>");
    }
    if let Some(schema) = op["requestBody"]["content"]["application/json"]["schema"].as_object() {
        let _ = write!(
            html,
            "<h3>{}</h3><p dir=\"ltr\">{}</p>",
            t("api-docs-body"),
            type_of(&Value::Object(schema.clone()))
        );
    }
    let _ = write!(html, "<h3>{}</h3><ul>", t("api-docs-responses"));
    if let Some(responses) = op["responses"].as_object() {
        let mut codes: Vec<_> = responses.iter().collect();
        codes.sort_by(|a, b| a.0.cmp(b.0));
        for (status, r) in codes {
            let schema = &r["content"]["application/json"]["schema"];
            let _ = write!(
                html,
                "<li><code>{s}</code> <span lang=\"en\">{d}</span>{ty}</li>",
                s = esc(status),
                d = esc(r["description"].as_str().unwrap_or_default()),
                ty = if schema.is_null() {
                    String::new()
                } else {
                    format!(" — <span dir=\"ltr\">{}</span>", type_of(schema))
                },
            );
        }
    }
    html.push_str("</ul></section>");
}

/// A schema's properties as a table.
fn fields(html: &mut String, lang: &str, schema: &Value) {
    let t = |id: &str| esc(&lookup(lang, id));
    if let Some(props) = schema["properties"].as_object() {
        let required: Vec<&str> = schema["required"]
            .as_array()
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let _ = write!(
            html,
            "<table tabindex=\"0\"><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th>\
             <th scope=\"col\">{}</th></tr></thead><tbody>",
            t("api-docs-name"),
            t("api-docs-type"),
            t("api-docs-description"),
        );
        for (name, p) in props {
            let _ = write!(
                html,
                "<tr><td><code>{n}</code>{r}</td><td dir=\"ltr\">{ty}</td><td lang=\"en\">{d}</td></tr>",
                n = esc(name),
                r = if required.contains(&name.as_str()) {
                    format!(" ({})", t("api-docs-required"))
                } else {
                    String::new()
                },
                ty = type_of(p),
                d = esc(p["description"].as_str().unwrap_or_default()),
            );
        }
        html.push_str("</tbody></table>");
    } else {
        let _ = write!(html, "<p dir=\"ltr\">{}</p>", type_of(schema));
    }
}

/// A schema in a few words: a link to a named type, `array of …`, a type
/// with its limits, the values of an enumeration, the shapes of a choice.
fn type_of(s: &Value) -> String {
    if let Some(r) = s["$ref"].as_str() {
        let name = r.rsplit('/').next().unwrap_or(r);
        return format!("<a href=\"#type-{n}\"><code>{n}</code></a>", n = esc(name));
    }
    if let Some(options) = s["oneOf"].as_array().or_else(|| s["anyOf"].as_array()) {
        return options.iter().map(type_of).collect::<Vec<_>>().join(" | ");
    }
    if let Some(values) = s["enum"].as_array() {
        let shown: Vec<String> = values
            .iter()
            .filter_map(Value::as_str)
            .map(|v| format!("<code>\"{}\"</code>", esc(v)))
            .collect();
        return shown.join(" | ");
    }
    // A language-neutral notation: `T[]`, `{ k: T }`, `1 ≤ n ≤ 100`, `|s| ≤ 200`.
    let kind = match &s["type"] {
        Value::String(t) => t.clone(),
        Value::Array(ts) => ts
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(" | "),
        _ => String::new(),
    };
    let mut out = if kind.starts_with("array") {
        format!("{}[]", type_of(&s["items"]))
    } else if let Some(props) = s["properties"].as_object() {
        let props: Vec<String> = props
            .iter()
            .map(|(k, v)| format!("<code>{}</code>: {}", esc(k), type_of(v)))
            .collect();
        format!("{{ {} }}", props.join(", "))
    } else if s["additionalProperties"].is_object() {
        format!("{{ string: {} }}", type_of(&s["additionalProperties"]))
    } else {
        format!("<code>{}</code>", esc(&kind))
    };
    let bound = |k: &str| s[k].as_i64();
    match (bound("minimum"), bound("maximum")) {
        (Some(lo), Some(hi)) => {
            let _ = write!(out, " ({lo} ≤ n ≤ {hi})");
        }
        (Some(lo), None) => {
            let _ = write!(out, " (n ≥ {lo})");
        }
        (None, Some(hi)) => {
            let _ = write!(out, " (n ≤ {hi})");
        }
        (None, None) => {}
    }
    match (bound("minLength"), bound("maxLength")) {
        (Some(lo), Some(hi)) => {
            let _ = write!(out, " ({lo} ≤ |s| ≤ {hi})");
        }
        (None, Some(hi)) => {
            let _ = write!(out, " (|s| ≤ {hi})");
        }
        (Some(lo), None) => {
            let _ = write!(out, " (|s| ≥ {lo})");
        }
        (None, None) => {}
    }
    out
}
