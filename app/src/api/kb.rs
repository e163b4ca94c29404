//! The knowledge base at the desk: what `/desk/kb` shows — the site's
//! collections and articles with each locale's version (draft or
//! published), the chosen article's history, and the self-service figures.

#[allow(unused_imports)]
use super::*;

/// One locale's version of an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KbVersionView {
    /// Locale.
    pub locale: String,
    /// Title.
    pub title: String,
    /// Body.
    pub body: String,
    /// Customers see it.
    pub published: bool,
    /// Last change, Unix ms.
    pub updated_at: i64,
}

/// An article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KbArticleView {
    /// Id.
    pub id: i64,
    /// Address.
    pub slug: String,
    /// Its collection's slug.
    pub collection: Option<String>,
    /// Last change, Unix ms.
    pub updated_at: i64,
    /// Versions by locale.
    pub versions: Vec<KbVersionView>,
    /// Customers' views, "helped" and "did not help" votes, bot answers.
    pub figures: [i64; 4],
}

/// One line of an article's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KbChangeView {
    /// When, Unix ms.
    pub at: i64,
    /// Who (a staff member's name, `api:<key>`, `seed`).
    pub by: String,
    /// `saved`, `published`, `unpublished`, `file_added`, `file_removed`,
    /// `moved`, `removed`.
    pub action: String,
    /// The locale changed.
    pub locale: Option<String>,
    /// The title then.
    pub title: Option<String>,
}

/// A file attached to an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KbFileView {
    /// Id (the upload's).
    pub id: String,
    /// File name.
    pub name: String,
    /// Bytes.
    pub size: i64,
}

/// A collection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KbCollectionView {
    /// Address.
    pub slug: String,
    /// Name per locale.
    pub names: Vec<(String, String)>,
}

/// What `/desk/kb` shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KbView {
    /// The site.
    pub site: String,
    /// The sites the reader may edit (to switch).
    pub sites: Vec<String>,
    /// The locale whose version customers get when theirs is missing.
    pub default_locale: String,
    /// Collections in order.
    pub collections: Vec<KbCollectionView>,
    /// Articles, oldest first.
    pub articles: Vec<KbArticleView>,
    /// The chosen article's history, newest first.
    pub history: Vec<KbChangeView>,
    /// The chosen article's files.
    pub files: Vec<KbFileView>,
    /// Conversations in the last 30 days the bot answered alone, and
    /// handed to a person.
    pub bot_alone: i64,
    /// See `bot_alone`.
    pub handed_over: i64,
    /// Whether the site's bot is on.
    pub bot: bool,
}

/// A site's knowledge base for its editors (admins and supervisors).
#[server(endpoint = "kb")]
pub async fn load_kb(site: String, article: Option<i64>) -> Result<KbView, ErrorCode> {
    let parts = request_parts().await?;
    let actor = parts
        .extensions
        .get::<SignedIn>()
        .and_then(|s| s.0.clone())
        .ok_or(ErrorCode::Unauthorized)?;
    page_data()?.kb(actor, site, article).await
}
