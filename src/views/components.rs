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
        self.render_with_id(tr, &format!("f-{}", self.name))
    }

    /// With an id of its own, for a page with several forms that ask the same thing.
    pub fn render_with_id(&self, tr: Tr, id: &str) -> Markup {
        let (head, described) = label_hint_error(tr, id, &self.label, self.hint.as_deref(), self.error);
        html! {
            div.field.invalid[self.error.is_some()] {
                (head)
                input id=(id) name=(self.name) type=(self.kind) value=(self.value)
                    autocomplete=(self.autocomplete) maxlength=(self.maxlength)
                    required[self.required] aria-invalid=[self.error.map(|_| "true")]
                    aria-describedby=[described];
            }
        }
    }
}

/// A field's label, hint and error, and the ids the control is described by.
fn label_hint_error(
    tr: Tr,
    id: &str,
    label: &str,
    hint: Option<&str>,
    error: Option<&'static str>,
) -> (Markup, Option<String>) {
    let hint_id = format!("{id}-hint");
    let err_id = format!("{id}-error");
    let described: Vec<&str> = [hint.map(|_| hint_id.as_str()), error.map(|_| err_id.as_str())]
        .into_iter()
        .flatten()
        .collect();
    let described = (!described.is_empty()).then(|| described.join(" "));
    let head = html! {
        label for=(id) { (label) }
        @if let Some(hint) = hint { p.hint id=(hint_id) { (hint) } }
        @if let Some(err) = error { p.error id=(err_id) { (tr.t(err)) } }
    };
    (head, described)
}

/// One labelled text box of several lines, tied to its hint and error like [`Field`].
pub struct Area<'a> {
    pub name: &'a str,
    pub label: String,
    pub value: &'a str,
    pub hint: Option<String>,
    pub error: Option<&'static str>,
    pub required: bool,
    pub maxlength: usize,
    pub rows: u32,
}

impl Area<'_> {
    pub fn render(&self, tr: Tr) -> Markup {
        let id = format!("f-{}", self.name);
        let (head, described) = label_hint_error(tr, &id, &self.label, self.hint.as_deref(), self.error);
        html! {
            div.field.invalid[self.error.is_some()] {
                (head)
                textarea id=(id) name=(self.name) rows=(self.rows) maxlength=(self.maxlength)
                    required[self.required] aria-invalid=[self.error.map(|_| "true")]
                    aria-describedby=[described] { (self.value) }
            }
        }
    }
}

/// A thread's title, or a placeholder when it is empty: its author erased or deleted their
/// words, or the members have its first post hidden or removed.
pub fn thread_title(tr: Tr, title: &str) -> String {
    if title.is_empty() {
        tr.t("thread-title-gone")
    } else {
        title.to_owned()
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

/// A moment in the reader's way of writing dates, in the reader's time zone (their account's,
/// Europe/Amsterdam until they choose; `js/time.js` uses the browser's for a visitor elsewhere).
fn when(tr: Tr, t: chrono::DateTime<chrono::Utc>) -> String {
    let local = t.with_timezone(&tr.zone().0);
    match tr.locale() {
        crate::domain::account::Locale::Nl => local.format("%-d-%-m-%Y %H:%M").to_string(),
        crate::domain::account::Locale::En => local.format("%-d %b %Y, %H:%M").to_string(),
    }
}

/// The same moment as briefly as a list needs: the time only for today, day and month and
/// time before that this year, the full date before this year.
fn when_short(tr: Tr, t: chrono::DateTime<chrono::Utc>, now: chrono::DateTime<chrono::Utc>) -> String {
    use chrono::Datelike;
    let zone = tr.zone().0;
    let (local, today) = (t.with_timezone(&zone), now.with_timezone(&zone));
    if local.date_naive() == today.date_naive() {
        return local.format("%H:%M").to_string();
    }
    if local.year() != today.year() {
        return when(tr, t);
    }
    match tr.locale() {
        crate::domain::account::Locale::Nl => local.format("%-d-%-m %H:%M").to_string(),
        crate::domain::account::Locale::En => local.format("%-d %b, %H:%M").to_string(),
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

/// A `<time>` element for a moment in the reader's time zone: `short` for lists (see
/// [`when_short`]), with the full moment as its title.
pub fn time(tr: Tr, t: chrono::DateTime<chrono::Utc>, short: bool) -> Markup {
    if short {
        html! { time.short datetime=(t.to_rfc3339()) title=(when(tr, t)) { (when_short(tr, t, chrono::Utc::now())) } }
    } else {
        html! { time datetime=(t.to_rfc3339()) { (when(tr, t)) } }
    }
}

/// Plain text as written, its line breaks kept (escaped like any text).
pub fn lines(class: &str, text: &str) -> Markup {
    html! { div class=(class) { @for line in text.lines() { (line) br; } } }
}

/// A `tel:` link for a phone number as people write it.
pub fn tel(number: &str) -> String {
    let digits: String = number
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    format!("tel:{digits}")
}
