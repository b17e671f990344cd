//! dockyard-i18n: every message for people (the teaching explanations the engine attaches
//! to mistakes and the front ends' own strings) in Fluent files, one folder per language.
//!
//! Docker's own output stays English, as the real tool prints it; only what Dockyard says
//! to the student goes through here. The files live in `locales/<lang>/main.ftl` and are
//! compiled into the binary, so this crate needs no file system and builds for wasm32.
//!
//! An explanation is a message id plus named string arguments. An argument the engine
//! passes only sometimes (say, a `suggestion`) is rendered by an attribute of the message
//! with the same name (`.suggestion = ...`), appended when that argument is present and
//! not empty.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, langid, static_loader};

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Fluent wraps arguments in invisible Unicode isolation marks by default; in a
        // terminal and in snapshots they are noise.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// A language Dockyard speaks to the student in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    En,
    Ru,
}

impl Lang {
    /// Every supported language, English (the fallback) first.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ru];

    /// Picks the language of a locale name such as `ru_RU.UTF-8`, `ru`, `en_US`, `C`:
    /// anything starting with `ru` is Russian, the rest English.
    pub fn from_locale(locale: &str) -> Lang {
        if locale.trim().to_ascii_lowercase().starts_with("ru") {
            Lang::Ru
        } else {
            Lang::En
        }
    }

    /// The language for a locale taken from the environment (the first set of `LC_ALL`,
    /// `LC_MESSAGES`, `LANG`); English when there is none.
    pub fn detect(env_lang: Option<&str>) -> Lang {
        env_lang.map(Lang::from_locale).unwrap_or_default()
    }

    /// The short code: `en` or `ru`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
        }
    }

    /// Parses a code given on the command line (`en`, `ru`, also `ru_RU`, `English`...).
    pub fn parse(code: &str) -> Option<Lang> {
        let c = code.trim().to_ascii_lowercase();
        if c.starts_with("ru") {
            Some(Lang::Ru)
        } else if c.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    fn id(self) -> LanguageIdentifier {
        match self {
            Lang::En => langid!("en"),
            Lang::Ru => langid!("ru"),
        }
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl std::str::FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Lang, String> {
        Lang::parse(s).ok_or_else(|| format!("unknown language {s:?} (expected en or ru)"))
    }
}

/// Fluent arguments from string pairs. A value that is exactly an integer becomes a
/// number, so plural selection (`[one]`, `[few]`, `[many]`) works on it.
fn fluent_args<'a, K: AsRef<str>>(args: &'a [(K, String)]) -> HashMap<Cow<'static, str>, FluentValue<'a>> {
    args.iter()
        .map(|(k, v)| {
            let value = match v.parse::<i64>() {
                Ok(n) if n.to_string() == *v => FluentValue::from(n),
                _ => FluentValue::from(v.as_str()),
            };
            (Cow::Owned(k.as_ref().to_string()), value)
        })
        .collect()
}

/// Looks `id` (or `id.attribute`) up in one language only, without any fallback.
fn lookup_exact(lang: Lang, id: &str, args: &HashMap<Cow<'static, str>, FluentValue<'_>>) -> Option<String> {
    LOCALES.lookup_single_language(&lang.id(), id, Some(args)).ok()
}

/// Looks `id` up in `lang`, then in English.
fn lookup(lang: Lang, id: &str, args: &HashMap<Cow<'static, str>, FluentValue<'_>>) -> Option<String> {
    lookup_exact(lang, id, args).or_else(|| lookup_exact(Lang::En, id, args))
}

/// The message `id` in `lang` with `args`; English when `lang` lacks it, the id itself
/// when English lacks it too.
pub fn text(lang: Lang, id: &str, args: &[(&str, String)]) -> String {
    lookup(lang, id, &fluent_args(args)).unwrap_or_else(|| id.to_string())
}

/// Renders a teaching explanation (an engine `Explain`'s id and arguments) in `lang`.
///
/// Arguments that have an attribute of the same name add that attribute's sentence. An
/// id no language knows renders as the `explain-unknown` message naming it, so a new
/// engine message never shows up as a blank line.
pub fn explain(lang: Lang, id: &str, args: &[(String, String)]) -> String {
    let fargs = fluent_args(args);
    let Some(mut out) = lookup(lang, id, &fargs) else {
        return text(lang, "explain-unknown", &[("id", id.to_string())]);
    };
    for (name, value) in args {
        if value.is_empty() {
            continue;
        }
        if let Some(extra) = lookup(lang, &format!("{id}.{name}"), &fargs) {
            out.push(' ');
            out.push_str(&extra);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn locale_names_pick_the_language() {
        assert_eq!(Lang::from_locale("ru_RU.UTF-8"), Lang::Ru);
        assert_eq!(Lang::from_locale("ru"), Lang::Ru);
        assert_eq!(Lang::from_locale("RU_ru"), Lang::Ru);
        assert_eq!(Lang::from_locale("en_US.UTF-8"), Lang::En);
        assert_eq!(Lang::from_locale("C"), Lang::En);
        assert_eq!(Lang::from_locale(""), Lang::En);
        assert_eq!(Lang::detect(None), Lang::En);
        assert_eq!(Lang::detect(Some("ru_UA.UTF-8")), Lang::Ru);
        assert_eq!("ru".parse::<Lang>(), Ok(Lang::Ru));
        assert!("de".parse::<Lang>().is_err());
    }

    #[test]
    fn arguments_are_substituted_without_isolation_marks() {
        let s = explain(Lang::En, "no-such-container", &args(&[("name", "web")]));
        assert!(s.contains("web"), "{s}");
        assert!(!s.contains('\u{2068}') && !s.contains('\u{2069}'), "{s:?}");
        let r = explain(Lang::Ru, "no-such-container", &args(&[("name", "web")]));
        assert!(r.contains("web") && r.contains("контейнер"), "{r}");
    }

    #[test]
    fn optional_arguments_add_their_attribute() {
        let without = explain(Lang::En, "docker-unknown-command", &args(&[("command", "pss")]));
        let with = explain(
            Lang::En,
            "docker-unknown-command",
            &args(&[("command", "pss"), ("suggestion", "ps")]),
        );
        assert!(!without.contains("docker ps`"), "{without}");
        assert!(with.starts_with(&without) && with.contains("docker ps"), "{with}");
        let empty = explain(
            Lang::En,
            "docker-unknown-command",
            &args(&[("command", "pss"), ("suggestion", "")]),
        );
        assert_eq!(empty, without);
    }

    #[test]
    fn unknown_ids_fall_back() {
        assert_eq!(text(Lang::Ru, "no-such-message-id", &[]), "no-such-message-id");
        let e = explain(Lang::En, "made-up-explanation", &[]);
        assert!(e.contains("made-up-explanation"), "{e}");
        let r = explain(Lang::Ru, "made-up-explanation", &[]);
        assert!(r.contains("made-up-explanation") && r != e, "{r}");
    }

    #[test]
    fn integers_become_numbers() {
        let pairs = [("count", "21".to_string()), ("port", "080".to_string())];
        let a = fluent_args(&pairs);
        assert!(matches!(a["count"], FluentValue::Number(_)));
        assert!(matches!(a["port"], FluentValue::String(_)));
        // Numbers print without grouping separators (a port stays `8080`).
        let s = explain(Lang::En, "no-public-port", &args(&[("port", "8080")]));
        assert!(s.contains("8080"), "{s}");
    }
}
