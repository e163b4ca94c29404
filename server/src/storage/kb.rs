//! The knowledge base: collections, articles with a version per locale
//! (draft or published), their files, the change history (also the feed
//! every server follows to keep its search index current), what customers
//! and the bot did with articles, and the bot's switch per site.
//!
//! Part of [`Store`](super::Store); the SQL implementation is in
//! `sql/kb.rs`.

use std::collections::BTreeMap;

use async_trait::async_trait;

use super::StoreResult;

/// A collection of articles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KbCollection {
    /// Id.
    pub id: i64,
    /// Site.
    pub site: String,
    /// Its key in addresses.
    pub slug: String,
    /// Its name per locale.
    pub names: BTreeMap<String, String>,
    /// Order among the site's collections.
    pub position: i64,
}

/// One locale's version of an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KbVersion {
    /// Locale.
    pub locale: String,
    /// Title.
    pub title: String,
    /// Body (plain text: blank lines part paragraphs, `- ` starts a list item).
    pub body: String,
    /// Whether customers see it.
    pub published: bool,
    /// Last change, Unix ms.
    pub updated_at: i64,
}

/// An article with every version (drafts included) and its files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KbArticle {
    /// Id.
    pub id: i64,
    /// Site.
    pub site: String,
    /// Its collection.
    pub collection_id: Option<i64>,
    /// Its key in addresses.
    pub slug: String,
    /// Created, Unix ms.
    pub created_at: i64,
    /// Last change, Unix ms.
    pub updated_at: i64,
    /// Versions by locale.
    pub versions: Vec<KbVersion>,
    /// Attached files' attachment ids, oldest first.
    pub files: Vec<String>,
}

impl KbArticle {
    /// The version in `locale`, if any.
    pub fn version(&self, locale: &str) -> Option<&KbVersion> {
        self.versions.iter().find(|v| v.locale == locale)
    }
}

/// Who changed the knowledge base.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KbAuthor<'a> {
    /// A staff member.
    Agent(i64),
    /// Anything else, named: `api:<key name>`, `seed`.
    Named(&'a str),
}

/// What a change did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KbAction {
    /// A version's text saved (still a draft, or changed while published).
    Saved,
    /// A version published.
    Published,
    /// A version taken back to draft.
    Unpublished,
    /// A file attached.
    FileAdded,
    /// A file taken off.
    FileRemoved,
    /// The article moved to another collection or slug.
    Moved,
    /// The article removed.
    Removed,
}

impl KbAction {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            KbAction::Saved => "saved",
            KbAction::Published => "published",
            KbAction::Unpublished => "unpublished",
            KbAction::FileAdded => "file_added",
            KbAction::FileRemoved => "file_removed",
            KbAction::Moved => "moved",
            KbAction::Removed => "removed",
        }
    }

    /// The action of a stored name.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "saved" => KbAction::Saved,
            "published" => KbAction::Published,
            "unpublished" => KbAction::Unpublished,
            "file_added" => KbAction::FileAdded,
            "file_removed" => KbAction::FileRemoved,
            "moved" => KbAction::Moved,
            "removed" => KbAction::Removed,
            _ => return None,
        })
    }
}

/// One line of an article's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KbChange {
    /// The change feed's position.
    pub id: i64,
    /// Article.
    pub article_id: i64,
    /// The version's locale (`None` for the article as a whole).
    pub locale: Option<String>,
    /// What happened.
    pub action: KbAction,
    /// The title then (saved and published versions).
    pub title: Option<String>,
    /// The body then, or the file's id.
    pub body: Option<String>,
    /// The staff member, if one.
    pub by_agent: Option<i64>,
    /// Otherwise who.
    pub by_label: Option<String>,
    /// When, Unix ms.
    pub at: i64,
}

/// A version to save.
#[derive(Debug, Clone, Copy)]
pub struct NewKbVersion<'a> {
    /// Article.
    pub article_id: i64,
    /// Locale.
    pub locale: &'a str,
    /// Title.
    pub title: &'a str,
    /// Body.
    pub body: &'a str,
    /// Published after the change.
    pub published: bool,
    /// Who.
    pub by: KbAuthor<'a>,
    /// When, Unix ms.
    pub now: i64,
}

/// A published version, for the search index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedKb {
    /// Site.
    pub site: String,
    /// Article.
    pub article_id: i64,
    /// Its address.
    pub slug: String,
    /// Locale.
    pub locale: String,
    /// Title.
    pub title: String,
    /// Body.
    pub body: String,
}

/// What a customer or the bot did with an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KbEventKind {
    /// Opened in the widget.
    Viewed,
    /// "Did this help?" yes.
    Helpful,
    /// "Did this help?" no.
    NotHelpful,
    /// The bot answered with it.
    Offered,
}

impl KbEventKind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            KbEventKind::Viewed => "viewed",
            KbEventKind::Helpful => "helpful",
            KbEventKind::NotHelpful => "not_helpful",
            KbEventKind::Offered => "offered",
        }
    }

    /// The kind of a stored name.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "viewed" => KbEventKind::Viewed,
            "helpful" => KbEventKind::Helpful,
            "not_helpful" => KbEventKind::NotHelpful,
            "offered" => KbEventKind::Offered,
            _ => return None,
        })
    }
}

/// One event to record, or recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KbEvent {
    /// Site.
    pub site: String,
    /// Article.
    pub article_id: i64,
    /// The version's locale.
    pub locale: String,
    /// What.
    pub kind: KbEventKind,
    /// The customer.
    pub visitor_id: Option<String>,
    /// In which conversation.
    pub conversation_id: Option<i64>,
    /// When, Unix ms.
    pub at: i64,
}

/// The bot's part in a conversation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BotPart {
    /// The bot holds it (nobody has been fetched yet).
    pub holding: bool,
    /// The bot answered in it.
    pub answered: bool,
    /// When it was handed to a person.
    pub handed_over_at: Option<i64>,
}

/// A site's self-service figures over a period.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KbStats {
    /// Conversations in which the bot answered and nobody was handed over.
    pub bot_alone: i64,
    /// Conversations the bot handed to a person.
    pub handed_over: i64,
    /// Per article: (views, helpful, not helpful, offered by the bot).
    pub articles: BTreeMap<i64, [i64; 4]>,
}

/// The knowledge base.
#[async_trait]
pub trait KbStore: Send + Sync {
    /// Creates or renames the site's collection `slug`; its id.
    async fn save_kb_collection(
        &self,
        site: &str,
        slug: &str,
        names: &BTreeMap<String, String>,
        position: i64,
    ) -> StoreResult<i64>;
    /// The site's collections in order.
    async fn kb_collections(&self, site: &str) -> StoreResult<Vec<KbCollection>>;
    /// A new article (no version yet); `Conflict` when the slug is taken.
    async fn create_kb_article(
        &self,
        site: &str,
        slug: &str,
        collection_id: Option<i64>,
        by: KbAuthor<'_>,
        now: i64,
    ) -> StoreResult<i64>;
    /// Moves an article to another collection or slug (`Conflict`: slug taken).
    async fn move_kb_article(
        &self,
        id: i64,
        slug: &str,
        collection_id: Option<i64>,
        by: KbAuthor<'_>,
        now: i64,
    ) -> StoreResult<()>;
    /// Saves a version (created or replaced) with its history line; the
    /// change's feed position.
    async fn save_kb_version(&self, v: NewKbVersion<'_>) -> StoreResult<i64>;
    /// Removes an article (its history stays).
    async fn remove_kb_article(&self, id: i64, by: KbAuthor<'_>, now: i64) -> StoreResult<()>;
    /// A live article (`NotFound` once removed).
    async fn kb_article(&self, id: i64) -> StoreResult<KbArticle>;
    /// The site's live article `slug`.
    async fn kb_article_by_slug(&self, site: &str, slug: &str) -> StoreResult<KbArticle>;
    /// The site's live articles, oldest first.
    async fn kb_articles(&self, site: &str) -> StoreResult<Vec<KbArticle>>;
    /// Published versions of live articles: of `articles` when given, else
    /// of every site.
    async fn published_kb(&self, articles: Option<&[i64]>) -> StoreResult<Vec<PublishedKb>>;
    /// An article's history, newest first.
    async fn kb_history(&self, article_id: i64) -> StoreResult<Vec<KbChange>>;
    /// Articles changed after feed position `after`, with the latest
    /// position seen (at most `limit` changes read).
    async fn kb_changes_since(&self, after: i64, limit: i64) -> StoreResult<(Vec<i64>, i64)>;
    /// The feed's latest position (0: no change ever).
    async fn kb_change_mark(&self) -> StoreResult<i64>;
    /// Attaches an uploaded file (`NotFound`: no such upload of the site).
    async fn add_kb_file(
        &self,
        article_id: i64,
        attachment_id: &str,
        by: KbAuthor<'_>,
        now: i64,
    ) -> StoreResult<()>;
    /// Takes a file off an article.
    async fn remove_kb_file(
        &self,
        article_id: i64,
        attachment_id: &str,
        by: KbAuthor<'_>,
        now: i64,
    ) -> StoreResult<()>;
    /// The live article a file is attached to, if any.
    async fn kb_file_article(&self, attachment_id: &str) -> StoreResult<Option<i64>>;
    /// Records what a customer or the bot did with an article.
    async fn record_kb_event(&self, e: &KbEvent) -> StoreResult<()>;
    /// The article events of a conversation, oldest first.
    async fn conversation_kb_events(&self, conversation_id: i64) -> StoreResult<Vec<KbEvent>>;
    /// Marks that the bot answered in a conversation.
    async fn mark_bot_answered(&self, conversation_id: i64) -> StoreResult<()>;
    /// The bot takes a new conversation: no clocks, no routing until it
    /// hands over.
    async fn hold_for_bot(&self, conversation_id: i64) -> StoreResult<()>;
    /// Marks the hand-over of a conversation to a person (the first one
    /// counts) and ends the bot's hold; `false` when it was not held.
    async fn mark_handed_over(&self, conversation_id: i64, now: i64) -> StoreResult<bool>;
    /// Whether the bot holds the conversation, answered in it, and when it
    /// handed it over.
    async fn bot_part(&self, conversation_id: i64) -> StoreResult<BotPart>;
    /// The site's conversations the bot holds.
    async fn bot_held(&self, site: &str) -> StoreResult<Vec<i64>>;
    /// The site's figures for events and conversations since `since`.
    async fn kb_stats(&self, site: &str, since: i64) -> StoreResult<KbStats>;
    /// Turns the site's bot on or off.
    async fn set_kb_bot(&self, site: &str, on: bool) -> StoreResult<()>;
    /// Whether the site's bot is on.
    async fn kb_bot(&self, site: &str) -> StoreResult<bool>;
}
