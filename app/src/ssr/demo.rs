//! Demo data for a newcomer: two properties and their staff, created once.
//!
//! «Отель Волна» and «Отель Бриз» have the full subscription; «Гостиница
//! Север» lacks the Contact Center module, to show the subscription gate. Passwords are the
//! ones printed in the README.
use super::auth::password::hash_password;
use super::auth::pms_token;
use super::db::properties::{self, NewProperty};
use super::db::staff_users::{self, NewStaffUser};
use super::db::Db;
use crate::domain::subscription::BASIC_TARIFF;
use crate::domain::{Role, Subscription};
use anyhow::Context;

struct DemoUser {
    /// The user's id in the demo PMS (the demo host page).
    external_id: &'static str,
    email: &'static str,
    name: &'static str,
    role: Role,
    password: &'static str,
}

struct DemoProperty {
    external_id: &'static str,
    name: &'static str,
    subscription: Subscription,
    users: &'static [DemoUser],
}

const VOLNA_USERS: &[DemoUser] = &[
    DemoUser {
        external_id: "volna-001",
        email: "admin@volna.example",
        name: "Ольга Смирнова",
        role: Role::Admin,
        password: "Volna-Admin-2026",
    },
    DemoUser {
        external_id: "volna-002",
        email: "anna@volna.example",
        name: "Анна Кузнецова",
        role: Role::Staff,
        password: "Volna-Staff-2026",
    },
    DemoUser {
        external_id: "volna-003",
        email: "ivan@volna.example",
        name: "Иван Петров",
        role: Role::Staff,
        password: "Volna-Staff-2026",
    },
];

const BRIZ_USERS: &[DemoUser] = &[
    DemoUser {
        external_id: "briz-001",
        email: "admin@briz.example",
        name: "Дарья Лебедева",
        role: Role::Admin,
        password: "Briz-Admin-2026",
    },
    DemoUser {
        external_id: "briz-002",
        email: "staff@briz.example",
        name: "Павел Орлов",
        role: Role::Staff,
        password: "Briz-Staff-2026",
    },
];

const SEVER_USERS: &[DemoUser] = &[DemoUser {
    external_id: "sever-001",
    email: "admin@sever.example",
    name: "Сергей Волков",
    role: Role::Admin,
    password: "Sever-Admin-2026",
}];

fn demo_properties() -> [DemoProperty; 3] {
    [
        DemoProperty {
            external_id: "demo-volna",
            name: "Отель «Волна»",
            subscription: Subscription {
                gms: true,
                contact_center_module: true,
                tariff: Some(BASIC_TARIFF.to_owned()),
                paid_until: None,
                lapsed: false,
            },
            users: VOLNA_USERS,
        },
        DemoProperty {
            external_id: "demo-briz",
            name: "Отель «Бриз»",
            subscription: Subscription {
                gms: true,
                contact_center_module: true,
                tariff: Some(BASIC_TARIFF.to_owned()),
                paid_until: None,
                lapsed: false,
            },
            users: BRIZ_USERS,
        },
        DemoProperty {
            external_id: "demo-sever",
            name: "Гостиница «Север»",
            subscription: Subscription {
                gms: true,
                contact_center_module: false,
                tariff: None,
                paid_until: None,
                lapsed: false,
            },
            users: SEVER_USERS,
        },
    ]
}

/// Creates the demo properties and users that do not exist yet. Safe to run
/// from several instances at once: every insert is `ON CONFLICT` idempotent.
pub async fn seed(db: &Db, now: i64) -> anyhow::Result<()> {
    for property in demo_properties() {
        let new_property = NewProperty {
            external_id: property.external_id,
            name: property.name,
            time_zone: "Europe/Moscow",
            subscription: &property.subscription,
        };
        let property_id = properties::ensure(db, &new_property, now)
            .await
            .with_context(|| format!("creating demo property {}", property.external_id))?;
        for user in property.users {
            if let Some(existing) =
                staff_users::find_in_property(db, property_id, user.email).await?
            {
                staff_users::set_external_id_if_missing(db, existing.id, user.external_id).await?;
                continue;
            }
            let password_hash = hash_password(user.password)?;
            let new_user = NewStaffUser {
                property_id,
                email: user.email,
                name: user.name,
                role: user.role,
                password_hash: &password_hash,
            };
            if staff_users::insert_if_new(db, &new_user, now)
                .await
                .with_context(|| format!("creating demo user {}", user.email))?
            {
                tracing::info!(email = user.email, "demo user created");
            }
            if let Some(created) =
                staff_users::find_in_property(db, property_id, user.email).await?
            {
                staff_users::set_external_id_if_missing(db, created.id, user.external_id).await?;
            }
        }
        if property.external_id == "demo-volna" {
            pms_token::install(db, property_id, DEMO_PMS_TOKEN, "demo", now).await?;
        }
    }
    super::demo_bookings::seed(db, now)
        .await
        .context("creating demo bookings")?;
    Ok(())
}

/// The e-mails of the demo users, whose passwords the README prints.
pub fn demo_emails() -> Vec<&'static str> {
    demo_properties()
        .iter()
        .flat_map(|property| property.users.iter().map(|user| user.email))
        .collect()
}

/// The PMS API token of «Отель Волна» in the demo data (printed in the README).
pub const DEMO_PMS_TOKEN: &str = "ccpms_demo-volna-5b1e9d3c7a2f4e68";

/// A user of the demo PMS, as the demo host page offers them.
#[derive(Debug, Clone)]
pub struct PmsUser {
    pub property: &'static str,
    pub property_name: &'static str,
    pub external_id: &'static str,
    pub name: &'static str,
    pub email: &'static str,
    pub role: Role,
}

/// Everyone the demo PMS can launch: the demo staff, plus one PMS user the
/// Contact Center does not know yet (created by their first launch).
pub fn pms_users() -> Vec<PmsUser> {
    let mut users: Vec<PmsUser> = demo_properties()
        .iter()
        .flat_map(|property| {
            property.users.iter().map(|user| PmsUser {
                property: property.external_id,
                property_name: property.name,
                external_id: user.external_id,
                name: user.name,
                email: user.email,
                role: user.role,
            })
        })
        .collect();
    users.insert(
        3,
        PmsUser {
            property: "demo-volna",
            property_name: "Отель «Волна»",
            external_id: "volna-004",
            name: "Мария Новикова",
            email: "maria@volna.example",
            role: Role::Staff,
        },
    );
    users
}
