//! Generates the `i18n` module from `locales/*.json` (leptos_i18n).
use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::error::Error;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=Cargo.toml");
    let out_dir = std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?;
    let i18n_module_directory = PathBuf::from(out_dir).join("i18n");
    // Interpolated strings are also needed as plain `String`s (messages, attributes).
    let options = ParseOptions::default().interpolate_display(true);
    let config = Config::new("ru")?.add_locale("en")?.parse_options(options);
    let translations = TranslationsInfos::parse(config)?;
    translations.emit_diagnostics();
    translations.rerun_if_locales_changed();
    translations.generate_i18n_module(i18n_module_directory)?;
    Ok(())
}
