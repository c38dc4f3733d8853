//! Small building blocks: form fields with their labels, hints and errors.
use maud::{Markup, html};

use crate::i18n::Tr;

/// One labelled input. Its error (a catalogue key) is tied to it for screen readers.
pub struct Field<'a> {
    pub name: &'a str,
    pub label: String,
    pub kind: &'a str,
    pub value: &'a str,
    pub autocomplete: &'a str,
    pub hint: Option<String>,
    pub error: Option<&'static str>,
    pub required: bool,
    pub maxlength: usize,
}

impl Field<'_> {
    pub fn render(&self, tr: Tr) -> Markup {
        let id = format!("f-{}", self.name);
        let hint_id = format!("{id}-hint");
        let err_id = format!("{id}-error");
        let mut described = Vec::new();
        if self.hint.is_some() {
            described.push(hint_id.clone());
        }
        if self.error.is_some() {
            described.push(err_id.clone());
        }
        let described = (!described.is_empty()).then(|| described.join(" "));
        html! {
            div.field.invalid[self.error.is_some()] {
                label for=(id) { (self.label) }
                @if let Some(hint) = &self.hint { p.hint id=(hint_id) { (hint) } }
                @if let Some(err) = self.error { p.error id=(err_id) { (tr.t(err)) } }
                input id=(id) name=(self.name) type=(self.kind) value=(self.value)
                    autocomplete=(self.autocomplete) maxlength=(self.maxlength)
                    required[self.required] aria-invalid=[self.error.map(|_| "true")]
                    aria-describedby=[described];
            }
        }
    }
}

/// The hidden CSRF token every form carries.
pub fn csrf(token: &str) -> Markup {
    html! { input type="hidden" name="csrf" value=(token); }
}

/// A summary of what went wrong at the top of a form, focusable for screen readers.
pub fn error_summary(message: Option<String>) -> Markup {
    html! {
        @if let Some(m) = message {
            div.alert.error role="alert" { p { (m) } }
        }
    }
}

/// A confirmation shown after something worked.
pub fn notice(message: Option<String>) -> Markup {
    html! {
        @if let Some(m) = message {
            div.alert.ok role="status" { p { (m) } }
        }
    }
}

/// A moment in the reader's way of writing dates, in UTC and marked so: `js/time.js` shows
/// it in the reader's own time zone.
fn when(tr: Tr, t: chrono::DateTime<chrono::Utc>) -> String {
    match tr.locale() {
        crate::domain::account::Locale::Nl => t.format("%-d-%-m-%Y %H:%M UTC").to_string(),
        crate::domain::account::Locale::En => t.format("%-d %b %Y, %H:%M UTC").to_string(),
    }
}

/// A sentence from the catalogue with a moment in it (its `when` argument) as a `<time>`
/// element, so that `js/time.js` can show it in the reader's time zone too.
pub fn with_time(
    tr: Tr,
    key: &str,
    args: &[(&'static str, crate::i18n::FluentValue<'static>)],
    t: chrono::DateTime<chrono::Utc>,
) -> Markup {
    const MARK: &str = "\u{2063}";
    let mut all = args.to_vec();
    all.push(("when", MARK.into()));
    let text = tr.ta(key, &all);
    match text.split_once(MARK) {
        Some((before, after)) => html! { (before) (time(tr, t, false)) (after) },
        None => html! { (text) },
    }
}

/// A `<time>` element for a moment: `short` leaves out the year.
pub fn time(tr: Tr, t: chrono::DateTime<chrono::Utc>, short: bool) -> Markup {
    let text = match (short, tr.locale()) {
        (false, _) => when(tr, t),
        (true, crate::domain::account::Locale::Nl) => t.format("%-d-%-m %H:%M UTC").to_string(),
        (true, crate::domain::account::Locale::En) => t.format("%-d %b, %H:%M UTC").to_string(),
    };
    html! { time.short[short] datetime=(t.to_rfc3339()) { (text) } }
}
