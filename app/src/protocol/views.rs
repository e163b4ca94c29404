//! The views both ends share: messages, list entries, staff profiles, notes,
//! the case panel, break-glass requests. Plain data; no Leptos, browser or
//! server.

use serde::{Deserialize, Serialize};

use crate::error::ErrorCode;
use crate::intake::Facts;
use crate::lifecycle::{ClockKind, ClockPhase, ConversationStatus, Priority, Tier};

/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Author {
    /// The customer, from the widget.
    Customer,
    /// A staff member, from the desk.
    Agent,
    /// Parley itself.
    System,
    /// A bot of the site's (its back-end through the API, or Parley's own).
    Bot,
}

impl Author {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Author::Customer => "customer",
            Author::Agent => "agent",
            Author::System => "system",
            Author::Bot => "bot",
        }
    }

    /// Parses the wire name.
    pub fn parse(s: &str) -> Option<Author> {
        match s {
            "customer" => Some(Author::Customer),
            "agent" => Some(Author::Agent),
            "system" => Some(Author::System),
            "bot" => Some(Author::Bot),
            _ => None,
        }
    }
}

/// Where a conversation began, or a message came from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// The widget (and the desk and the API, which answer in it).
    #[default]
    Chat,
    /// A mail to the site's support address or a conversation's reply address.
    Email,
}

impl Channel {
    /// Every channel.
    pub const ALL: [Channel; 2] = [Channel::Chat, Channel::Email];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Chat => "chat",
            Channel::Email => "email",
        }
    }

    /// Parses the wire name.
    pub fn parse(s: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The chat (what a message without the field came from).
    pub fn is_chat(&self) -> bool {
        *self == Channel::Chat
    }
}

/// One stored message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatMessage {
    /// Server-wide id.
    pub id: i64,
    /// The conversation it belongs to.
    pub conversation_id: i64,
    /// Position in the conversation, from 1, gap-free.
    pub seq: i64,
    /// The sender's idempotency key.
    pub client_id: String,
    /// Who wrote it.
    pub author: Author,
    /// The agent's display name for agent messages.
    pub author_name: Option<String>,
    /// The text.
    pub body: String,
    /// When it was stored, Unix milliseconds (UTC).
    pub sent_at: i64,
    /// For Parley's own messages: what they say, shown in the reader's
    /// language (`body` is the plain English copy).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice: Option<crate::compensation::Notice>,
    /// Where it came from (absent: the chat).
    #[serde(default, skip_serializing_if = "Channel::is_chat")]
    pub channel: Channel,
}

/// What the desk's conversation list shows for one conversation.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ConversationSummary {
    /// Conversation id.
    pub id: i64,
    /// Site key the customer wrote from.
    pub site: String,
    /// Current status.
    pub status: ConversationStatus,
    /// A short, non-identifying label for the anonymous visitor.
    pub visitor_label: String,
    /// The customer's locale, as chosen in the widget.
    pub locale: Option<String>,
    /// The customer's IANA time zone, for showing their local time.
    pub time_zone: Option<String>,
    /// Start of the most recent message.
    pub last_message: Option<String>,
    /// Highest `seq` in the conversation.
    pub last_seq: i64,
    /// Where it began.
    #[serde(default, skip_serializing_if = "Channel::is_chat")]
    pub channel: Channel,
    /// Customer messages no agent has read yet.
    pub unread: i64,
    /// Highest `seq` the customer's widget has received.
    pub visitor_delivered_seq: i64,
    /// Last activity, Unix milliseconds.
    pub updated_at: i64,
    /// Category key, once the customer chose one.
    pub category: Option<String>,
    /// Urgency.
    pub priority: Priority,
    /// The customer's tier.
    pub tier: Tier,
    /// Owner.
    pub assignee_id: Option<i64>,
    /// Owner's display name.
    pub assignee_name: Option<String>,
    /// The team whose queue and calendar it is on.
    pub team: Option<String>,
    /// That team's id.
    #[serde(default)]
    pub team_id: Option<i64>,
    /// The nearest deadline of a running clock (Unix ms), for sorting and
    /// the countdown; computed by the server.
    pub due_at: Option<i64>,
    /// Which clock that deadline belongs to.
    pub due_kind: Option<ClockKind>,
    /// When that clock turns "due soon".
    pub warn_at: Option<i64>,
    /// A clock of this conversation is past its target.
    pub breached: bool,
    /// The conversation's record version this entry was read at: of two
    /// entries for one conversation, the higher is the newer.
    #[serde(default)]
    pub version: i64,
}

/// A signed-in staff member, as the desk shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentProfile {
    /// Agent id.
    pub id: i64,
    /// Sign-in e-mail.
    pub email: String,
    /// Display name shown to customers.
    pub name: String,
    /// What they may do and see.
    pub role: StaffRole,
    /// Sites they work for; empty = every site of this Parley.
    #[serde(default)]
    pub sites: Vec<String>,
    /// Locales they answer in (routing prefers speakers of the customer's).
    #[serde(default)]
    pub languages: Vec<String>,
    /// Skills routing matches against categories, e.g. `logistics`.
    #[serde(default)]
    pub skills: Vec<String>,
    /// Ids of the regional teams they belong to.
    #[serde(default)]
    pub teams: Vec<i64>,
    /// Most conversations they hold at once.
    #[serde(default)]
    pub capacity: u32,
    /// Their own choice: taking conversations or away.
    #[serde(default)]
    pub availability: Availability,
    /// A desk of theirs is connected now (filled in live by the server).
    #[serde(default)]
    pub connected: bool,
}

/// An internal note: staff only, never sent to the customer.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct NoteView {
    /// Note id.
    pub id: i64,
    /// Conversation.
    pub conversation_id: i64,
    /// The writer's idempotency key.
    pub client_id: String,
    /// Writer.
    pub agent_id: i64,
    /// Writer's name.
    pub author_name: String,
    /// The text.
    pub body: String,
    /// Colleagues @mentioned in it.
    pub mentions: Vec<i64>,
    /// Unix ms.
    pub created_at: i64,
}

/// The staff a note @mentions: `@` followed by a colleague's name (the
/// longest that fits, case-insensitive) or the part of their e-mail before
/// the `@`. Each agent once, in order of first mention.
pub fn mentioned(body: &str, agents: &[AgentProfile]) -> Vec<i64> {
    let lower = body.to_lowercase();
    let mut out = Vec::new();
    for (i, _) in lower.match_indices('@') {
        let rest = &lower[i + 1..];
        // The mention ends where a word would: not inside a longer name
        // ("@anabel" is not Ana) nor an e-mail name ("@ana.b"), while a full
        // stop ends it ("@Ana.") and CJK runs on ("@王芳请看" is 王芳).
        let word = |c: char| c.is_alphanumeric() && !crate::compliance::is_cjk(c);
        let boundary = |len: usize| {
            let mut next = rest[len..].chars();
            match next.next() {
                None => true,
                Some('.' | '_' | '-') => !next.next().is_some_and(word),
                Some(c) => !word(c),
            }
        };
        let best = agents
            .iter()
            .filter_map(|a| {
                let name = a.name.to_lowercase();
                let local = a.email.split('@').next().unwrap_or("").to_lowercase();
                [name, local]
                    .into_iter()
                    .filter(|k| !k.is_empty() && rest.starts_with(k.as_str()) && boundary(k.len()))
                    .map(|k| k.len())
                    .max()
                    .map(|len| (len, a.id))
            })
            .max_by_key(|(len, _)| *len);
        if let Some((_, id)) = best
            && !out.contains(&id)
        {
            out.push(id);
        }
    }
    out
}

/// An uploaded file, as `POST /api/attachments` answers it. Its `id` is what
/// an upload fact holds (comma-separated for several).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AttachmentInfo {
    /// 32 hex digits.
    pub id: String,
    /// Safe display name.
    pub file_name: String,
    /// Type decided from the bytes.
    pub content_type: String,
    /// Bytes.
    pub size: i64,
}

/// A regional team as the desk names it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TeamView {
    /// Team id.
    pub id: i64,
    /// Its site.
    pub site: String,
    /// Display name, e.g. `APAC`.
    pub name: String,
}

/// A staff member's role. Agents come in three levels (their authority,
/// e.g. for compensation, grows with the level); supervisors see their
/// teams' work; admins see everything of their sites and configure them.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum StaffRole {
    /// New agent.
    Junior,
    /// Agent.
    #[default]
    Mid,
    /// Experienced agent.
    Senior,
    /// Leads one or more teams.
    Supervisor,
    /// Configures the sites, staff and security.
    Admin,
}

impl StaffRole {
    /// Every role, least authority first.
    pub const ALL: [StaffRole; 5] = [
        StaffRole::Junior,
        StaffRole::Mid,
        StaffRole::Senior,
        StaffRole::Supervisor,
        StaffRole::Admin,
    ];

    /// Wire and storage name.
    pub fn as_str(self) -> &'static str {
        match self {
            StaffRole::Junior => "junior",
            StaffRole::Mid => "mid",
            StaffRole::Senior => "senior",
            StaffRole::Supervisor => "supervisor",
            StaffRole::Admin => "admin",
        }
    }

    /// Parses the wire name.
    pub fn parse(s: &str) -> Option<StaffRole> {
        StaffRole::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// An agent of any level (not a supervisor or admin).
    pub fn is_agent(self) -> bool {
        matches!(self, StaffRole::Junior | StaffRole::Mid | StaffRole::Senior)
    }
}

/// Whether an agent takes new conversations (set in the desk). Routing gives
/// conversations only to agents who are available *and* have a desk open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Availability {
    /// Taking conversations.
    #[default]
    Available,
    /// Not taking new conversations (keeps the ones they hold).
    Away,
}

impl Availability {
    /// Wire and storage name.
    pub fn as_str(self) -> &'static str {
        match self {
            Availability::Available => "available",
            Availability::Away => "away",
        }
    }

    /// Parses the wire name.
    pub fn parse(s: &str) -> Option<Availability> {
        [Availability::Available, Availability::Away]
            .into_iter()
            .find(|a| a.as_str() == s)
    }
}

/// A break-glass request: view-only access to a conversation outside one's
/// scope, for a stated reason, decided by a supervisor or admin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessRequestView {
    /// Request id.
    pub id: i64,
    /// The conversation.
    pub conversation_id: i64,
    /// Who asks.
    pub agent_id: i64,
    /// Their name.
    pub agent_name: String,
    /// Why.
    pub reason: String,
    /// When (Unix ms).
    pub requested_at: i64,
    /// `pending`, `approved` or `denied`.
    pub status: String,
    /// Until when an approved request grants access (Unix ms).
    pub expires_at: Option<i64>,
}

/// The category a customer picked and the facts they gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Intake {
    /// Category key.
    pub category: String,
    /// Field key → value.
    #[serde(default)]
    pub facts: Facts,
}

/// One SLA clock as the desk shows it. The server computes every instant.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ClockView {
    /// What it measures.
    pub kind: ClockKind,
    /// Running, paused, met, breached, cancelled.
    pub phase: ClockPhase,
    /// When it started, Unix ms.
    pub started_at: i64,
    /// Deadline while running.
    pub due_at: Option<i64>,
    /// When it turns "due soon" while running.
    pub warn_at: Option<i64>,
    /// When it finished.
    pub stopped_at: Option<i64>,
}

/// One recorded state change.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TransitionView {
    /// Before.
    pub from: ConversationStatus,
    /// After.
    pub to: ConversationStatus,
    /// Staff member who made it; `None` for the customer or Parley.
    pub agent_name: Option<String>,
    /// `customer`, `staff` or `system`.
    pub actor: String,
    /// Unix ms.
    pub at: i64,
    /// Hand-off note of a transfer.
    #[serde(default)]
    pub note: Option<String>,
}

/// Everything the desk shows beside an open conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationDetail {
    /// Conversation.
    pub conversation_id: i64,
    /// The customer's contact details, if they gave any.
    #[serde(default)]
    pub contact: Option<ContactView>,
    /// The category, with its form, if one was chosen.
    pub category: Option<crate::intake::Category>,
    /// Collected facts.
    pub facts: Facts,
    /// Required facts still missing (resolving is refused while any is).
    pub missing: Vec<String>,
    /// Current and finished clocks, oldest first.
    pub clocks: Vec<ClockView>,
    /// State changes, oldest first.
    pub transitions: Vec<TransitionView>,
    /// The team whose queue and calendar it is on.
    #[serde(default)]
    pub team: Option<String>,
    /// Teams of the conversation's site (transfer targets).
    #[serde(default)]
    pub teams: Vec<String>,
    /// The core customer's dedicated owner.
    #[serde(default)]
    pub owner_id: Option<i64>,
    /// The same customer's other conversations, newest first (R-CH4).
    #[serde(default)]
    pub history: Vec<ConversationSummary>,
    /// Internal notes, oldest first.
    #[serde(default)]
    pub notes: Vec<NoteView>,
    /// The customer's ratings, one per resolution, oldest first.
    #[serde(default)]
    pub ratings: Vec<crate::rating::RatingView>,
    /// Whether it is marked complex (progress updates owed).
    #[serde(default)]
    pub complex: bool,
    /// Its complaint, if one was raised.
    #[serde(default)]
    pub complaint: Option<crate::complaints::ComplaintView>,
    /// Compensation proposed on it, newest first.
    #[serde(default)]
    pub compensations: Vec<crate::compensation::CompensationView>,
    /// The site's reference currency and authority limits.
    #[serde(default)]
    pub authority: Option<AuthorityView>,
    /// The site's bot's part: held, handed over, articles offered and the
    /// customer's votes on them (`None`: no bot took part).
    #[serde(default)]
    pub bot: Option<BotView>,
    /// Its e-mail (`None`: Parley sends no mail and it did not begin with one).
    #[serde(default)]
    pub mail: Option<MailView>,
}

/// The bot's part in a conversation, for the agent who takes over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BotView {
    /// The bot still holds it (no clock runs; routing waits).
    pub holding: bool,
    /// When it was handed to a person.
    #[serde(default)]
    pub handed_over_at: Option<i64>,
    /// Articles the bot offered, in order, with the customer's verdict.
    #[serde(default)]
    pub offered: Vec<OfferedArticle>,
}

/// A conversation's e-mail, for the case panel: where it began, the mails
/// sent to the customer (newest first), whether they stopped them, and the
/// files their mails brought.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailView {
    /// Where the conversation began.
    pub channel: Channel,
    /// The customer left an e-mail address (replies they miss are mailed).
    pub reachable: bool,
    /// When the customer unsubscribed, if they did.
    #[serde(default)]
    pub unsubscribed_at: Option<i64>,
    /// The latest mails, newest first.
    #[serde(default)]
    pub mails: Vec<MailEntry>,
    /// The files the customer's mails brought, oldest first.
    #[serde(default)]
    pub files: Vec<MailFileView>,
}

/// A file a customer's mail brought.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailFileView {
    /// The file.
    pub file: AttachmentInfo,
    /// The message it came with.
    pub seq: i64,
}

/// One mail of a conversation's outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailEntry {
    /// `replies` or `transcript`.
    pub kind: String,
    /// `queued`, `sent`, `retrying` or `given_up`.
    pub state: String,
    /// When it was queued.
    pub created_at: i64,
    /// When the relay took it, or it was given up.
    #[serde(default)]
    pub done_at: Option<i64>,
    /// Attempts so far.
    pub attempts: u32,
}

/// An article the bot offered in a conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferedArticle {
    /// The article.
    pub article_id: i64,
    /// Its title in the language offered.
    pub title: String,
    /// That language.
    pub locale: String,
    /// The customer's latest "did this help?" (`None`: no answer).
    #[serde(default)]
    pub helpful: Option<bool>,
}

/// The reference currency of a conversation's site and its authority
/// limits in it (a proposal above the proposer's limit waits for approval;
/// the server decides, the desk only says so beforehand).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorityView {
    /// ISO 4217 code (USD unless the admin chose another).
    pub currency: String,
    /// Its exponent.
    pub exponent: u8,
    /// What a junior agent grants alone, in minor units.
    pub junior: i64,
    /// What a mid agent grants alone.
    pub mid: i64,
    /// The reader's own limit (the server's rule for their role; `None`:
    /// no limit below management's reserve for major complaints).
    #[serde(default)]
    pub limit: Option<i64>,
}

/// Contact details as staff see them (decrypted by the server for staff
/// who may see the conversation).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactView {
    /// The details.
    pub details: ContactDetails,
    /// When the customer agreed to the notice (Unix ms).
    pub consent_at: Option<i64>,
    /// The host site's user id, when the site vouched for it.
    pub verified_user: Option<String>,
}

/// Contact details a customer may give (each optional). Personal data:
/// stored encrypted, apart from the conversation, only with consent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactDetails {
    /// Name.
    #[serde(default)]
    pub name: String,
    /// E-mail.
    #[serde(default)]
    pub email: String,
    /// Phone.
    #[serde(default)]
    pub phone: String,
    /// Postal address.
    #[serde(default)]
    pub address: String,
}

impl ContactDetails {
    /// Field names, in form order.
    pub const FIELDS: [&'static str; 4] = ["name", "email", "phone", "address"];

    /// The value of a field.
    pub fn get(&self, field: &str) -> &str {
        match field {
            "name" => &self.name,
            "email" => &self.email,
            "phone" => &self.phone,
            _ => &self.address,
        }
    }

    /// A mutable field.
    pub fn get_mut(&mut self, field: &str) -> &mut String {
        match field {
            "name" => &mut self.name,
            "email" => &mut self.email,
            "phone" => &mut self.phone,
            _ => &mut self.address,
        }
    }

    /// The fields that have a value.
    pub fn filled(&self) -> Vec<String> {
        Self::FIELDS
            .iter()
            .filter(|f| !self.get(f).trim().is_empty())
            .map(|f| (*f).to_owned())
            .collect()
    }

    /// Trims every field and checks it; the first bad field is named.
    pub fn validate(&mut self) -> Result<(), (ErrorCode, &'static str)> {
        for f in Self::FIELDS {
            let v = self.get_mut(f);
            *v = v.trim().to_owned();
        }
        let limits = [
            ("name", 120),
            ("email", 254),
            ("phone", 40),
            ("address", 400),
        ];
        for (f, max) in limits {
            if self.get(f).chars().count() > max {
                return Err((ErrorCode::ContactInvalid, f));
            }
        }
        if self.filled().is_empty() {
            return Err((ErrorCode::ContactInvalid, "name"));
        }
        let email = &self.email;
        if !email.is_empty() {
            let ok = email.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !email.chars().any(char::is_whitespace)
            });
            if !ok {
                return Err((ErrorCode::ContactInvalid, "email"));
            }
        }
        let phone = &self.phone;
        if !phone.is_empty() {
            let digits = phone.chars().filter(char::is_ascii_digit).count();
            let allowed = phone
                .chars()
                .all(|c| c.is_ascii_digit() || " +-().".contains(c));
            if !allowed || !(5..=20).contains(&digits) {
                return Err((ErrorCode::ContactInvalid, "phone"));
            }
        }
        Ok(())
    }
}
