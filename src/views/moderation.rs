//! Flagging a post or a chat message.
use maud::{Markup, PreEscaped, html};

use super::components::{csrf, error_summary};
use super::{Frame, layout};
use crate::domain::moderation::{FlagProgress, REASON_MAX};

pub struct FlagView<'a> {
    pub action: String,
    /// The group's house rules, to cite one.
    pub rules: &'a [entity::rule::Model],
    pub rule: Option<i32>,
    /// Where "back" goes: the post or message in its place.
    pub back: String,
    pub reason: &'a str,
    pub error: Option<&'static str>,
    pub done: bool,
    /// A steward's urgent act instead of a flag.
    pub urgent: bool,
    /// For a steward on the flag form: where to act at once instead.
    pub urgent_link: Option<String>,
    /// What is being flagged: who wrote it and its text (sanitized HTML).
    pub item: Option<(String, String)>,
    /// After flagging: where the flags on it stand.
    pub progress: Option<FlagProgress>,
    /// A message of a private chat: flagging it shares it with those who decide.
    pub direct: bool,
    /// The sharing box as sent (ticked).
    pub share: bool,
}

/// The error when a private chat's message is flagged without choosing to share it.
const SHARE_NEEDED: &str = "err-share-needed";

pub fn flag_page(f: &Frame, v: &FlagView) -> Markup {
    let tr = f.tr;
    let k = |flag: &'static str, urgent: &'static str| if v.urgent { urgent } else { flag };
    let reason_error = v.error.filter(|e| *e != SHARE_NEEDED);
    let body = html! {
        h1 { (tr.t(k("flag-title", "urgent-title"))) }
        @if v.done {
            p.notice role="status" { (tr.t("flag-done")) }
            @if let Some(p) = v.progress {
                @if p.hidden {
                    p { (tr.t(if v.direct { "flag-shared-hidden" } else { "flag-progress-hidden" })) }
                } @else {
                    p { (tr.ta("flag-progress", &[("counted", p.counted.into()), ("needed", p.needed.into())])) }
                    @if !p.yours_counts { p { (tr.t("flag-not-counted-yet")) } }
                }
            }
        } @else {
            p { (tr.t(k("flag-intro", "urgent-intro"))) }
            @if v.direct { p { (tr.t("flag-direct-intro")) } }
            @if let Some((author, html)) = &v.item {
                figure.flagged {
                    figcaption { (tr.ta("flag-item", &[("name", author.clone().into())])) }
                    blockquote.prose { (PreEscaped(html)) }
                }
            }
            (error_summary(v.error.map(|e| tr.t(e))))
            form.stack method="post" action=(v.action) novalidate {
                (csrf(f.csrf))
                @if !v.rules.is_empty() {
                    fieldset {
                        legend { (tr.t("flag-which-rule")) }
                        @for r in v.rules {
                            div.check {
                                input type="radio" name="rule" value=(r.id) id=(format!("rule-{}", r.id)) checked[v.rule == Some(r.id)];
                                label for=(format!("rule-{}", r.id)) { (r.number) ". " (r.title) }
                            }
                        }
                        div.check {
                            input type="radio" name="rule" value="other" id="rule-other" checked[v.rule.is_none()];
                            label for="rule-other" { (tr.t("flag-other")) }
                        }
                    }
                }
                div.field.invalid[reason_error.is_some()] {
                    label for="f-reason" { (tr.t("flag-reason")) }
                    p.hint #f-reason-hint {
                        (tr.t("flag-reason-hint"))
                        @if !v.rules.is_empty() { " " (tr.t("flag-reason-rule-hint")) }
                    }
                    @if let Some(e) = reason_error { p.error #f-reason-error { (tr.t(e)) } }
                    textarea #f-reason name="reason" rows="3" maxlength=(REASON_MAX) required[v.rules.is_empty()]
                        aria-invalid=[reason_error.map(|_| "true")]
                        aria-describedby=(if reason_error.is_some() { "f-reason-hint f-reason-error" } else { "f-reason-hint" }) { (v.reason) }
                }
                @if v.direct {
                    @let share_error = v.error.filter(|e| *e == SHARE_NEEDED);
                    div.field.invalid[share_error.is_some()] {
                        @if let Some(e) = share_error { p.error #f-share-error { (tr.t(e)) } }
                        div.check {
                            input #f-share type="checkbox" name="share" value="1" checked[v.share] required
                                aria-invalid=[share_error.map(|_| "true")]
                                aria-describedby=[share_error.map(|_| "f-share-error")];
                            label for="f-share" { (tr.t("flag-share")) }
                        }
                    }
                }
                button.primary type="submit" { (tr.t(k("flag-submit", "urgent-submit"))) }
            }
        }
        @if let Some(link) = &v.urgent_link { @if !v.done { p { a href=(link) { (tr.t("urgent-link-long")) } } } }
        p { a href=(v.back) { (tr.t("back")) } }
    };
    layout(f, &tr.t(k("flag-title", "urgent-title")), body)
}
