//! The message catalogues (Dutch and English, Fluent files in `assets/locales`) and lookups.
use std::borrow::Cow;
use std::collections::HashMap;

pub use fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid};

use crate::domain::account::{Locale, TimeZone};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./assets/locales",
        fallback_language: "nl",
        // Bidi isolation marks around arguments confuse screen readers and tests alike.
        customise: |bundle| {
            bundle.set_use_isolating(false);
            let dutch = bundle.locales.first().is_some_and(|l| l.language.as_str() == "nl");
            bundle.set_formatter(Some(if dutch { number_nl } else { number_en }));
        },
    };
}

/// Whole numbers with the reader's thousands separator: 12.500 in Dutch, 12,500 in English.
/// Anything else keeps Fluent's own formatting.
fn grouped(value: &FluentValue, separator: char) -> Option<String> {
    let FluentValue::Number(n) = value else {
        return None;
    };
    if n.value.fract() != 0.0 || n.value.abs() < 1000.0 || n.value.abs() > 1e15 {
        return None;
    }
    let digits = format!("{}", n.value.abs() as u64);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(separator);
        }
        out.push(c);
    }
    Some(if n.value < 0.0 { format!("-{out}") } else { out })
}

fn number_nl<M>(value: &FluentValue, _: &M) -> Option<String> {
    grouped(value, '.')
}

fn number_en<M>(value: &FluentValue, _: &M) -> Option<String> {
    grouped(value, ',')
}

static NL: LanguageIdentifier = langid!("nl");
static EN: LanguageIdentifier = langid!("en");

/// Translates catalogue keys into one language, and writes times in the reader's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tr(pub Locale, pub TimeZone);

impl Tr {
    /// A language, with times in the default zone.
    pub fn new(locale: Locale) -> Self {
        Self(locale, TimeZone::DEFAULT)
    }

    /// The same language with times in `zone`.
    pub fn in_zone(self, zone: TimeZone) -> Self {
        Self(self.0, zone)
    }

    pub fn zone(self) -> TimeZone {
        self.1
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self.0 {
            Locale::Nl => &NL,
            Locale::En => &EN,
        }
    }

    /// The message for `key`.
    pub fn t(self, key: &str) -> String {
        LOCALES.lookup(self.id(), key)
    }

    /// The message for `key` with named arguments.
    pub fn ta(self, key: &str, args: &[(&'static str, FluentValue<'static>)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue> =
            args.iter().map(|(k, v)| (Cow::Borrowed(*k), v.clone())).collect();
        LOCALES.lookup_with_args(self.id(), key, &map)
    }

    pub fn locale(self) -> Locale {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::path::Path;

    fn keys(ftl: &str) -> BTreeSet<String> {
        ftl.lines()
            .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
            .filter_map(|l| l.split_once(" =").map(|(k, _)| k.trim().to_owned()))
            .collect()
    }

    fn catalogue(lang: &str) -> BTreeSet<String> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("assets/locales/{lang}/main.ftl"));
        keys(&std::fs::read_to_string(path).unwrap())
    }

    /// Every key quoted in the code as `.t("…")`, `.ta("…"` or `Invalid("…")`.
    fn used_keys() -> BTreeSet<String> {
        fn walk(dir: &Path, out: &mut BTreeSet<String>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let src = std::fs::read_to_string(&path).unwrap();
                    for marker in [".t(\"", ".ta(\"", "Invalid(\"", "key: \"", "\"err-"] {
                        for piece in src.split(marker).skip(1) {
                            let prefix = if marker == "\"err-" { "err-" } else { "" };
                            if let Some(key) = piece
                                .split('"')
                                .next()
                                .filter(|k| !k.is_empty())
                                .map(|k| format!("{prefix}{k}"))
                                && !key.is_empty()
                                && key
                                    .chars()
                                    .all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit())
                            {
                                out.insert(key);
                            }
                        }
                    }
                }
            }
        }
        let mut out = BTreeSet::new();
        walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut out);
        out
    }

    /// The Dutch is B1: short sentences, and none of the jargon the glossary keeps off pages.
    /// (What B1 also asks, everyday words, a reader checks; this keeps the measurable part.)
    #[test]
    fn the_dutch_is_plain_short_sentences_without_jargon() {
        const MAX_WORDS: usize = 20;
        const JARGON: [&str; 9] = [
            "moderatie",
            "moderator",
            "quorum",
            "sanctie",
            "authenticatie",
            "sessie-id",
            "token",
            "threshold",
            "login",
        ];
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/locales/nl/main.ftl");
        let ftl = std::fs::read_to_string(path).unwrap();
        let mut problems = Vec::new();
        for line in ftl
            .lines()
            .filter(|l| l.starts_with(|c: char| c.is_ascii_lowercase()))
        {
            let Some((key, text)) = line.split_once(" =") else {
                continue;
            };
            let lower = text.to_lowercase();
            for word in JARGON {
                if lower
                    .split(|c: char| !c.is_alphanumeric() && c != '-')
                    .any(|w| w == word)
                {
                    problems.push(format!("{key}: jargon \"{word}\""));
                }
            }
            for sentence in text.split(['.', '!', '?', ':']) {
                let words = sentence.split_whitespace().count();
                if words > MAX_WORDS {
                    problems.push(format!("{key}: {words} words in \"{}\"", sentence.trim()));
                }
            }
        }
        assert!(problems.is_empty(), "{problems:#?}");
    }

    #[test]
    fn numbers_are_written_the_readers_way() {
        let args = [("count", FluentValue::from(12_500))];
        let nl = Tr::new(Locale::Nl).ta("reply-count", &args);
        let en = Tr::new(Locale::En).ta("reply-count", &args);
        assert_eq!(nl, "12.500 reacties");
        assert!(en.contains("12,500"), "{en}");
        assert_eq!(
            Tr::new(Locale::Nl).ta("reply-count", &[("count", 7.into())]),
            "7 reacties"
        );
        assert_eq!(
            Tr::new(Locale::Nl).ta("reply-count", &[("count", 1.into())]),
            "1 reactie"
        );
    }

    #[test]
    fn dutch_and_english_catalogues_have_the_same_keys() {
        let nl = catalogue("nl");
        let en = catalogue("en");
        assert!(nl.len() > 20);
        assert_eq!(
            nl.symmetric_difference(&en).collect::<Vec<_>>(),
            Vec::<&String>::new(),
            "keys in one catalogue only"
        );
    }

    #[test]
    fn every_key_the_code_uses_is_in_the_catalogues() {
        let nl = catalogue("nl");
        let missing: Vec<_> = used_keys().into_iter().filter(|k| !nl.contains(k)).collect();
        assert!(
            missing.is_empty(),
            "keys used in code but missing from the catalogues: {missing:?}"
        );
    }

    #[test]
    fn arguments_are_filled_in() {
        let nl = Tr::new(Locale::Nl).ta("retry-after", &[("seconds", 30.into())]);
        assert!(nl.contains("30"), "{nl}");
        assert_ne!(
            nl,
            Tr::new(Locale::En).ta("retry-after", &[("seconds", 30.into())])
        );
    }
}
