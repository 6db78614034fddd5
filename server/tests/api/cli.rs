//! The `contact-center` command as an operator uses it: help, exit codes,
//! migrations, tokens and the configuration check (secrets never printed).
use std::process::Output;

/// Runs the binary with `args` and a fresh SQLite database in `dir`.
async fn run(dir: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    tokio::process::Command::new(env!("CARGO_BIN_EXE_contact-center"))
        .args(args)
        .env(
            "APP_DATABASE__URL",
            format!("sqlite://{}/cli.db", dir.display()),
        )
        .env("APP_SECURITY__MASTER_KEY_FILE", dir.join("master.key"))
        .envs(env.iter().copied())
        .output()
        .await
        .expect("the binary runs")
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[tokio::test]
async fn help_lists_the_commands_and_wrong_usage_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let help = run(dir.path(), &["--help"], &[]).await;
    assert!(help.status.success());
    let help = text(&help);
    for command in [
        "serve",
        "emulator",
        "pms-token",
        "property",
        "migrate",
        "check-config",
    ] {
        assert!(help.contains(command), "{command} in {help}");
    }
    let wrong = run(dir.path(), &["frobnicate"], &[]).await;
    assert_eq!(wrong.status.code(), Some(2), "{}", text(&wrong));
}

#[tokio::test]
async fn migrate_then_tokens_for_a_known_property_and_a_clear_error_for_an_unknown_one() {
    let dir = tempfile::tempdir().unwrap();
    let migrated = run(dir.path(), &["migrate"], &[]).await;
    assert!(migrated.status.success(), "{}", text(&migrated));
    assert!(text(&migrated).contains("up to date"));
    let unknown = run(dir.path(), &["pms-token", "--property", "nowhere"], &[]).await;
    assert_eq!(unknown.status.code(), Some(1));
    assert!(text(&unknown).contains("no property with external id `nowhere`"));
}

#[tokio::test]
async fn check_config_masks_secrets_and_says_what_production_would_refuse() {
    let dir = tempfile::tempdir().unwrap();
    let published = app::ssr::published::LAUNCH_SECRETS[0];
    let unsafe_env = [
        ("APP_ENV", "production"),
        ("APP_EMBEDDING__LAUNCH_SECRET", published),
        ("APP_METRICS__TOKEN", "a-private-token-of-this-hotel"),
    ];
    let checked = run(dir.path(), &["check-config"], &unsafe_env).await;
    let output = text(&checked);
    assert_eq!(checked.status.code(), Some(1), "{output}");
    assert!(output.contains("Mode: production"), "{output}");
    assert!(
        output.contains("APP_EMBEDDING__LAUNCH_SECRET holds a value published"),
        "{output}"
    );
    assert!(
        output.contains("APP_SECURITY__MASTER_KEY is not set"),
        "{output}"
    );
    assert!(
        !output.contains(published),
        "a secret was printed: {output}"
    );
    assert!(
        !output.contains("a-private-token-of-this-hotel"),
        "{output}"
    );

    let key = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    let safe = run(
        dir.path(),
        &["check-config"],
        &[("APP_ENV", "production"), ("APP_SECURITY__MASTER_KEY", key)],
    )
    .await;
    assert!(safe.status.success(), "{}", text(&safe));
    assert!(text(&safe).contains("Production mode would start"));
}

#[tokio::test]
async fn properties_are_created_listed_and_deactivated_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let upsert = [
        "property",
        "upsert",
        "pms-hotel-9",
        "--name",
        "Гостиница «Маяк»",
        "--time-zone",
        "Asia/Yekaterinburg",
        "--tariff",
        "basic",
    ];
    let created = run(dir.path(), &upsert, &[]).await;
    assert!(created.status.success(), "{}", text(&created));
    assert!(
        text(&created).contains("created: pms-hotel-9"),
        "{}",
        text(&created)
    );
    let bad = run(
        dir.path(),
        &[
            "property",
            "upsert",
            "x",
            "--name",
            "X",
            "--time-zone",
            "Mars/Olympus",
        ],
        &[],
    )
    .await;
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        text(&bad).contains("time_zone: must be an IANA time zone"),
        "{}",
        text(&bad)
    );
    let listed = run(dir.path(), &["property", "list"], &[]).await;
    assert!(
        text(&listed)
            .contains("pms-hotel-9\tГостиница «Маяк»\tAsia/Yekaterinburg\tactive\tsubscribed"),
        "{}",
        text(&listed)
    );
    let gone = run(dir.path(), &["property", "deactivate", "pms-hotel-9"], &[]).await;
    assert!(gone.status.success());
    assert!(text(&gone).contains("deactivated: pms-hotel-9"));
    let token = run(dir.path(), &["pms-token", "--property", "pms-hotel-9"], &[]).await;
    assert!(token.status.success(), "{}", text(&token));
    assert!(String::from_utf8_lossy(&token.stdout).starts_with("ccpms_"));
}
