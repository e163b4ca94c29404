//! First-start setup: the signing key, the first admin account, the demo
//! site, and loading every site's widget configuration.

use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use rand::RngCore;

use serde::Deserialize;

use crate::domain::setup::{TeamSetup, TopicSetup};
use crate::services::setup;
use crate::services::sites::translated;
use crate::state::now_ms;
use crate::storage::{Site, Store, StoreError};

/// The demo site's regional teams and categories (operator texts in every
/// shipped locale).
const DEMO_SETUP: &str = include_str!("demo_site.json");

/// The demo site's knowledge base: collections and articles, each in every
/// shipped locale (also the corpus of the search relevance test).
const DEMO_KB: &str = include_str!("demo_kb.json");

#[derive(Deserialize)]
struct DemoKb {
    collections: Vec<DemoCollection>,
    articles: Vec<DemoArticle>,
}

#[derive(Deserialize)]
struct DemoCollection {
    key: String,
    names: std::collections::BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct DemoArticle {
    key: String,
    collection: String,
    /// A file shipped with the demo to attach (its name).
    #[serde(default)]
    file: Option<String>,
    versions: std::collections::BTreeMap<String, DemoVersion>,
}

/// The demo's commercial invoice template (a one-page PDF form).
const DEMO_INVOICE: &[u8] = include_bytes!("demo_commercial_invoice.pdf");

/// Stores a demo file as an upload of `site` (sealed like any other); its
/// record, to be written.
async fn demo_file(
    site: &str,
    name: &str,
    settings: &crate::state::Settings,
) -> Result<crate::storage::AttachmentRecord, BootstrapError> {
    use rand::RngCore;
    use sha2::Digest;
    let bytes = DEMO_INVOICE;
    let mut raw = [0u8; 16];
    rand::rng().fill_bytes(&mut raw);
    let id = hex::encode(raw);
    let seal = |e: crate::security::seal::SealError| {
        BootstrapError::Config(format!("sealing {name}: {e}"))
    };
    let (mut sealed, mut sealer) = settings
        .keyring
        .seal_file(&crate::services::attachments::purpose(&id));
    sealed.extend(sealer.push(bytes).map_err(seal)?);
    sealed.extend(sealer.finish().map_err(seal)?);
    crate::security::files::private_dir(&settings.attachments_dir)?;
    let path = settings.attachments_dir.join(&id);
    let mut file = crate::security::files::create_private(&path).await?;
    tokio::io::AsyncWriteExt::write_all(&mut file, &sealed).await?;
    file.sync_all().await?;
    Ok(crate::storage::AttachmentRecord {
        id,
        site: site.to_owned(),
        visitor_id: None,
        file_name: name.to_owned(),
        content_type: "application/pdf".into(),
        size: bytes.len() as i64,
        sha256: hex::encode(sha2::Sha256::digest(bytes)),
        created_at: now_ms(),
        conversation_id: None,
    })
}

#[derive(Deserialize)]
struct DemoVersion {
    title: String,
    body: String,
}

/// Gives a site that never had a knowledge base (no collection) the demo's,
/// published.
pub async fn ensure_demo_kb(
    store: &dyn Store,
    site: &str,
    settings: &crate::state::Settings,
) -> Result<(), BootstrapError> {
    if !store.kb_collections(site).await?.is_empty() {
        return Ok(());
    }
    let kb: DemoKb = serde_json::from_str(DEMO_KB)
        .map_err(|e| BootstrapError::Config(format!("demo knowledge base: {e}")))?;
    let now = now_ms();
    let by = crate::storage::KbAuthor::Named("seed");
    let mut ids = std::collections::BTreeMap::new();
    for (i, c) in kb.collections.iter().enumerate() {
        let id = store
            .save_kb_collection(site, &c.key, &c.names, i as i64)
            .await?;
        ids.insert(c.key.clone(), id);
    }
    for a in &kb.articles {
        let id = store
            .create_kb_article(site, &a.key, ids.get(&a.collection).copied(), by, now)
            .await?;
        if let Some(file) = &a.file {
            let record = demo_file(site, file, settings).await?;
            store.create_attachment(&record).await?;
            store.add_kb_file(id, &record.id, by, now).await?;
        }
        for (locale, v) in &a.versions {
            store
                .save_kb_version(crate::storage::NewKbVersion {
                    article_id: id,
                    locale,
                    title: &v.title,
                    body: &v.body,
                    published: true,
                    by,
                    now,
                })
                .await?;
        }
    }
    Ok(())
}

#[derive(Deserialize)]
struct DemoSetup {
    teams: Vec<TeamSetup>,
    categories: Vec<TopicSetup>,
    fees: serde_json::Value,
}

/// Gives a site without teams the demo's regional teams and categories.
pub async fn ensure_demo_setup(store: &dyn Store, site: &str) -> Result<(), BootstrapError> {
    if !store.teams(site).await?.is_empty() {
        return Ok(());
    }
    let setup: DemoSetup = serde_json::from_str(DEMO_SETUP)
        .map_err(|e| BootstrapError::Config(format!("demo setup: {e}")))?;
    let fees = crate::domain::setup::parse_fees(&setup.fees.to_string(), "en")
        .map_err(|e| BootstrapError::Config(format!("demo fees: {}", e.at)))?;
    let saved = async {
        setup::save_teams(store, site, &setup.teams).await?;
        setup::save_topics(store, site, &setup.categories).await
    };
    match saved.await {
        Ok(()) => {}
        Err(setup::SaveError::Store(e)) => return Err(e.into()),
        Err(setup::SaveError::Invalid(e)) => {
            return Err(BootstrapError::Config(format!("demo setup: {}", e.at)));
        }
    }
    for (key, texts) in DEMO_CANNED {
        for (locale, text) in texts {
            let kind = format!("{}{key}", parley_app::canned::KIND_PREFIX);
            store.set_site_text(site, &kind, locale, Some(text)).await?;
        }
    }
    let rules: Vec<(&str, Vec<_>)> = DEMO_COMPLIANCE
        .iter()
        .map(|(locale, lines)| (*locale, parley_app::compliance::parse_rules(locale, lines)))
        .collect();
    store.set_compliance_rules(site, &rules).await?;
    store.set_fee_lines(site, &fees).await?;
    Ok(())
}

/// The demo site's canned replies, in every shipped locale.
const DEMO_CANNED: [(&str, [(&str, &str); 6]); 2] = [
    (
        "parcel-in-customs",
        [
            (
                "en",
                "Hello, this is {agent_name}. Your parcel {waybill_number} is being cleared by customs in {destination_country}. This usually takes 3–5 working days; we will tell you as soon as it moves.",
            ),
            (
                "zh-CN",
                "您好，我是{agent_name}。您的包裹 {waybill_number} 正在 {destination_country} 办理清关，通常需要 3–5 个工作日；一有进展我们会立即通知您。",
            ),
            (
                "es",
                "Hola, soy {agent_name}. Tu paquete {waybill_number} está en el despacho de aduanas de {destination_country}. Suele tardar de 3 a 5 días laborables; te avisaremos en cuanto avance.",
            ),
            (
                "de",
                "Hallo, hier ist {agent_name}. Ihr Paket {waybill_number} wird gerade in {destination_country} vom Zoll abgefertigt. Das dauert meist 3–5 Werktage; wir melden uns, sobald es weitergeht.",
            ),
            (
                "ja",
                "{agent_name}です。お荷物 {waybill_number} は現在 {destination_country} で通関手続き中です。通常 3～5 営業日かかります。動きがあり次第すぐにお知らせします。",
            ),
            (
                "ar",
                "مرحبًا، معك {agent_name}. شحنتك {waybill_number} قيد التخليص الجمركي في {destination_country}. يستغرق ذلك عادةً من 3 إلى 5 أيام عمل، وسنبلغك فور تحركها.",
            ),
        ],
    ),
    (
        "order-checking",
        [
            (
                "en",
                "Thank you, {customer_name}. I am checking order {order_number} now and will reply within 30 minutes.",
            ),
            (
                "zh-CN",
                "谢谢您，{customer_name}。我正在查询订单 {order_number}，将在 30 分钟内回复您。",
            ),
            (
                "es",
                "Gracias, {customer_name}. Estoy revisando el pedido {order_number} y te responderé en menos de 30 minutos.",
            ),
            (
                "de",
                "Danke, {customer_name}. Ich prüfe gerade die Bestellung {order_number} und melde mich innerhalb von 30 Minuten.",
            ),
            (
                "ja",
                "{customer_name}様、ありがとうございます。ご注文 {order_number} を確認しております。30 分以内にご連絡いたします。",
            ),
            (
                "ar",
                "شكرًا لك يا {customer_name}. أتحقق الآن من الطلب {order_number} وسأرد عليك خلال 30 دقيقة.",
            ),
        ],
    ),
];

/// The demo site's forbidden promises (`!` blocks) and phrases to avoid.
const DEMO_COMPLIANCE: [(&str, &str); 6] = [
    (
        "en",
        "!unconditional refund\nguaranteed delivery date\nour competitors are worse",
    ),
    ("zh-CN", "!无条件退款\n保证送达日期"),
    (
        "es",
        "!reembolso incondicional\nfecha de entrega garantizada",
    ),
    (
        "de",
        "!bedingungslose Erstattung\ngarantierter Liefertermin",
    ),
    ("ja", "!無条件で返金\nお届け日を保証"),
    ("ar", "!استرداد غير مشروط\nموعد توصيل مضمون"),
];

/// Failures during start-up.
#[derive(Debug, thiserror::Error)]
pub enum BootstrapError {
    /// Storage failed.
    #[error("storage: {0}")]
    Store(#[from] StoreError),
    /// The data directory could not be used.
    #[error("data directory: {0}")]
    Io(#[from] std::io::Error),
    /// A configured value is unusable.
    #[error("configuration: {0}")]
    Config(String),
}

/// The visitor-token key: `PARLEY_SECRET`, else `<data>/secret.key`, created
/// with 32 random bytes on first start.
pub fn load_secret(configured: Option<&str>, data_dir: &Path) -> Result<Vec<u8>, BootstrapError> {
    if let Some(s) = configured {
        if s.len() < 32 {
            return Err(BootstrapError::Config(
                "PARLEY_SECRET must be at least 32 bytes".into(),
            ));
        }
        return Ok(s.as_bytes().to_vec());
    }
    let path = data_dir.join("secret.key");
    if let Ok(existing) = std::fs::read_to_string(&path)
        && let Ok(bytes) = hex::decode(existing.trim())
        && bytes.len() >= 32
    {
        return Ok(bytes);
    }
    let mut bytes = vec![0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    // Created 0600 from the first byte (an unusable old file is replaced).
    if path.exists() {
        std::fs::remove_file(&path)?;
    }
    crate::security::files::write_private(&path, hex::encode(&bytes).as_bytes())?;
    Ok(bytes)
}

/// Creates the first admin if there is no staff account, or the configured
/// admin if that e-mail is not yet an account. Prints generated credentials
/// once, to the console only.
/// First-start data and what follows the configuration at every start:
/// the first admin, whether admins must use a second factor, the demo site
/// (its origins follow the server's address).
pub async fn seed(
    store: &dyn Store,
    config: &crate::config::Config,
    settings: &crate::state::Settings,
) -> Result<(), BootstrapError> {
    ensure_admin(
        store,
        config.admin_email.as_deref(),
        config.admin_password.as_deref(),
    )
    .await?;
    if !config.mfa_for_admins {
        store
            .set_mfa_required(parley_app::protocol::StaffRole::Admin, false)
            .await?;
    }
    if !config.demo {
        return Ok(());
    }
    let mut demo_origins = vec![settings.public_origin.clone()];
    demo_origins.extend(settings.demo_origin.clone());
    ensure_demo_site(store, demo_origins, settings).await
}

/// Creates the first admin (or the configured one, if missing).
pub async fn ensure_admin(
    store: &dyn Store,
    email: Option<&str>,
    password: Option<&str>,
) -> Result<(), BootstrapError> {
    let email = email.unwrap_or("admin@parley.local").trim().to_owned();
    let exists = store.agent_by_email(&email).await?.is_some();
    let first = store.count_agents().await? == 0;
    if exists || (!first && password.is_none()) {
        return Ok(());
    }
    let (password, generated) = match password {
        Some(p) => (p.to_owned(), false),
        None => {
            let mut raw = [0u8; 12];
            rand::rng().fill_bytes(&mut raw);
            (URL_SAFE_NO_PAD.encode(raw), true)
        }
    };
    let hash = crate::security::hashing::hash(&password)
        .ok_or_else(|| BootstrapError::Config("password hashing failed".into()))?;
    store
        .create_agent(
            &email,
            "Admin",
            &hash,
            parley_app::protocol::StaffRole::Admin,
            &[],
            now_ms(),
        )
        .await?;
    if generated {
        println!(
            "Parley admin account created. Sign in at /desk with:\n  e-mail:   {email}\n  password: {password}\n(shown once; set PARLEY_ADMIN_EMAIL / PARLEY_ADMIN_PASSWORD to choose them)"
        );
    } else {
        println!("Parley admin account created for {email} (password from PARLEY_ADMIN_PASSWORD).");
    }
    Ok(())
}

/// The demo site (key `demo`): greetings in every locale, embeddable from this
/// server's own origins.
pub async fn ensure_demo_site(
    store: &dyn Store,
    origins: Vec<String>,
    settings: &crate::state::Settings,
) -> Result<(), BootstrapError> {
    // An existing demo site keeps what admins wrote, origins they added
    // too; the server's own addresses are added if missing.
    if let Some(mut existing) = store.sites().await?.into_iter().find(|s| s.key == "demo") {
        for origin in origins {
            if !existing.allowed_origins.contains(&origin) {
                existing.allowed_origins.push(origin);
            }
        }
        existing.greetings.clear();
        existing.away.clear();
        existing.confirm.clear();
        existing.rating.clear();
        existing.launcher.clear();
        store.upsert_site(&existing, now_ms()).await?;
        return ensure_demo_kb(store, "demo", settings).await;
    }
    let site = Site {
        key: "demo".into(),
        name: "Northwind Parcel".into(),
        default_locale: "en".into(),
        allowed_origins: origins,
        greetings: translated("widget-greeting-default"),
        away: translated("widget-staff-offline"),
        confirm: translated("widget-confirm-question"),
        rating: translated("widget-rating-question"),
        ..Site::default()
    };
    store.upsert_site(&site, now_ms()).await?;
    ensure_demo_setup(store, "demo").await?;
    ensure_demo_kb(store, "demo", settings).await
}
