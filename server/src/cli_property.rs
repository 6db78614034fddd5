//! `contact-center property upsert|list|deactivate`: the platform API's
//! operations from the command line, with the same checks.
use app::ssr::clock::now_ms;
use app::ssr::db::properties::{self, PropertyRow};
use app::ssr::db::Db;
use app::ssr::platform::{self, PropertyBody, SubscriptionBody};
use clap::Subcommand;

#[derive(Subcommand)]
pub enum PropertyAction {
    /// Create a property, or update (and re-activate) it.
    Upsert {
        /// The property's id in the PMS.
        external_id: String,
        #[arg(long)]
        name: String,
        /// The name in English messages.
        #[arg(long)]
        name_en: Option<String>,
        /// An IANA time zone, e.g. Europe/Moscow.
        #[arg(long)]
        time_zone: String,
        /// `ru` or `en`.
        #[arg(long, default_value = "ru")]
        locale: String,
        /// TL: Guest Management System is paid for.
        #[arg(long, default_value_t = true, action = clap::ArgAction::Set)]
        gms: bool,
        /// The module «Контакт-центр» is paid for.
        #[arg(long, default_value_t = true, action = clap::ArgAction::Set)]
        contact_center: bool,
        /// The tariff: `basic` (the default), or `none`.
        #[arg(long, default_value = "basic")]
        tariff: String,
        /// The last day paid for, YYYY-MM-DD in the property's zone.
        #[arg(long)]
        paid_until: Option<String>,
    },
    /// List the properties.
    List,
    /// Deactivate a property: sessions end, sending stops, data is kept.
    Deactivate { external_id: String },
}

/// Runs one property action against the database.
pub async fn run(db: &Db, action: PropertyAction) -> anyhow::Result<()> {
    match action {
        PropertyAction::Upsert {
            external_id,
            name,
            name_en,
            time_zone,
            locale,
            gms,
            contact_center,
            tariff,
            paid_until,
        } => {
            let body = PropertyBody {
                name,
                name_en,
                time_zone,
                locale: Some(locale),
                subscription: SubscriptionBody {
                    gms,
                    contact_center,
                    tariff: (tariff != "none").then_some(tariff),
                    paid_until,
                },
            };
            let property = platform::validate(&external_id, &body).map_err(|fields| {
                let problems: Vec<String> = fields
                    .iter()
                    .map(|field| format!("{}: {}", field.field, field.problem))
                    .collect();
                anyhow::anyhow!("the property was not stored: {}", problems.join("; "))
            })?;
            let (created, row) = properties::provision(db, &property, now_ms()).await?;
            let done = if created { "created" } else { "updated" };
            println!("{done}: {}", describe(&row));
        }
        PropertyAction::List => {
            let (rows, total) = properties::page(db, 500, 0).await?;
            for row in &rows {
                println!("{}", describe(row));
            }
            eprintln!("{total} propert{}", if total == 1 { "y" } else { "ies" });
        }
        PropertyAction::Deactivate { external_id } => {
            let row = properties::deactivate(db, &external_id, now_ms())
                .await?
                .ok_or_else(|| anyhow::anyhow!("no property with external id `{external_id}`"))?;
            println!("deactivated: {}", describe(&row));
        }
    }
    Ok(())
}

/// One line about a property.
fn describe(row: &PropertyRow) -> String {
    let subscription = row.subscription();
    let missing: Vec<String> = subscription
        .missing()
        .iter()
        .map(|part| format!("{part:?}"))
        .collect();
    format!(
        "{}\t{}\t{}\t{}\t{}",
        row.external_id,
        row.name,
        row.time_zone,
        if row.active { "active" } else { "deactivated" },
        if missing.is_empty() {
            "subscribed".to_owned()
        } else {
            format!("missing {}", missing.join(", "))
        }
    )
}
