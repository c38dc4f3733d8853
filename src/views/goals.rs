//! Small steps as pages: your goals with the form for a new one, one goal with its steps (to
//! tick off, add or rewrite for its owner; to cheer for the group), and the goals shared with a
//! group. All without JavaScript.
use maud::{Markup, html};

use super::components::{csrf, error_summary, lines, notice, time};
use super::{Frame, layout};
use crate::db::groups::Group;
use crate::domain::goals::{CHECK_IN_CHOICES, CHEER_MAX, STEP_MAX, Status, TITLE_MAX, WHY_MAX};
use crate::i18n::Tr;
use crate::routes;
use crate::services::goals::GoalJson;

/// A group one may share a goal with: (address, name).
pub type ShareChoice = (String, String);

/// What was typed in the goal form, when it comes back.
#[derive(Default)]
pub struct GoalDraft {
    pub title: String,
    pub why: String,
    pub steps: String,
    pub shared_with: String,
    pub check_in_days: String,
}

pub struct GoalsView<'a> {
    pub goals: &'a [GoalJson],
    pub groups: &'a [ShareChoice],
    pub draft: &'a GoalDraft,
    pub errors: &'a [(&'static str, &'static str)],
    pub notice: Option<String>,
}

fn status_label(tr: Tr, s: Status) -> String {
    tr.t(&format!("goal-status-{}", s.as_str()))
}

fn progress(tr: Tr, g: &GoalJson) -> String {
    let done = g.steps.iter().filter(|s| s.done).count();
    tr.ta(
        "goal-progress",
        &[("done", done.into()), ("count", g.steps.len().into())],
    )
}

/// Your goals, and the form to write a new one.
pub fn goals_page(f: &Frame, v: &GoalsView) -> Markup {
    let tr = f.tr;
    let d = v.draft;
    let body = html! {
        h1 { (tr.t("goals-title")) }
        p { (tr.t("goals-intro")) }
        (notice(v.notice.clone()))
        @if v.goals.is_empty() {
            p.empty { (tr.t("goals-empty")) }
        } @else {
            ul.cards {
                @for g in v.goals {
                    li {
                        h2 { a href=(routes::goal(g.id)) { (g.title) } }
                        p.meta {
                            (status_label(tr, g.status)) " · " (progress(tr, g)) " · "
                            @match &g.shared_with {
                                Some(slug) => (v.groups.iter().find(|(s, _)| s == slug).map(|(_, n)| tr.ta("goal-shared-with", &[("group", n.clone().into())])).unwrap_or_else(|| tr.t("goal-shared"))),
                                None => (tr.t("goal-private")),
                            }
                        }
                    }
                }
            }
        }
        section aria-labelledby="new-goal-h" {
            h2 #new-goal-h { (tr.t("goal-new-title")) }
            (error_summary((!v.errors.is_empty()).then(|| tr.t("err-form-summary"))))
            form.stack method="post" action=(routes::GOALS) novalidate {
                (csrf(f.csrf))
                (goal_fields(f, v.groups, d, v.errors, true))
                button.primary type="submit" { (tr.t("goal-submit")) }
            }
        }
    };
    layout(f, &tr.t("goals-title"), body)
}

/// The fields of a goal (new, or changed by its owner).
fn goal_fields(
    f: &Frame,
    groups: &[ShareChoice],
    d: &GoalDraft,
    errors: &[(&'static str, &'static str)],
    new: bool,
) -> Markup {
    let tr = f.tr;
    let err = |field: &str| errors.iter().find(|(n, _)| *n == field).map(|(_, k)| *k);
    html! {
        div.field.invalid[err("title").is_some()] {
            label for="f-title" { (tr.t("field-goal-title")) }
            p.hint #f-title-hint { (tr.t("hint-goal-title")) }
            @if let Some(e) = err("title") { p.error { (tr.t(e)) } }
            input #f-title type="text" name="title" value=(d.title) maxlength=(TITLE_MAX) required aria-describedby="f-title-hint";
        }
        div.field.invalid[err("why").is_some()] {
            label for="f-why" { (tr.t("field-goal-why")) }
            @if let Some(e) = err("why") { p.error { (tr.t(e)) } }
            textarea #f-why name="why" rows="3" maxlength=(WHY_MAX) { (d.why) }
        }
        @if new {
            div.field.invalid[err("steps").is_some()] {
                label for="f-steps" { (tr.t("field-goal-steps")) }
                p.hint #f-steps-hint { (tr.t("hint-goal-steps")) }
                @if let Some(e) = err("steps") { p.error { (tr.t(e)) } }
                textarea #f-steps name="steps" rows="5" aria-describedby="f-steps-hint" { (d.steps) }
            }
        }
        div.field.invalid[err("shared_with").is_some()] {
            label for="f-share" { (tr.t("field-goal-share")) }
            p.hint #f-share-hint { (tr.t("hint-goal-share")) }
            @if let Some(e) = err("shared_with") { p.error { (tr.t(e)) } }
            select #f-share name="shared_with" aria-describedby="f-share-hint" {
                option value="" selected[d.shared_with.is_empty()] { (tr.t("goal-share-nobody")) }
                @for (slug, name) in groups {
                    option value=(slug) selected[d.shared_with == *slug] { (name) }
                }
            }
        }
        div.field.invalid[err("check_in_days").is_some()] {
            label for="f-check-in" { (tr.t("field-goal-check-in")) }
            p.hint #f-check-in-hint { (tr.t("hint-goal-check-in")) }
            @if let Some(e) = err("check_in_days") { p.error { (tr.t(e)) } }
            select #f-check-in name="check_in_days" aria-describedby="f-check-in-hint" {
                option value="" selected[d.check_in_days.is_empty() || d.check_in_days == "0"] { (tr.t("goal-check-in-none")) }
                @for days in CHECK_IN_CHOICES {
                    @let v = days.to_string();
                    option value=(v) selected[d.check_in_days == v] { (tr.ta("goal-check-in-every", &[("days", days.into())])) }
                }
            }
        }
    }
}

pub struct GoalView<'a> {
    pub goal: &'a GoalJson,
    /// The reader owns it.
    pub mine: bool,
    /// The group it is shared with, when the reader may see it.
    pub group: Option<&'a Group>,
    pub groups: &'a [ShareChoice],
    pub errors: &'a [(&'static str, &'static str)],
    pub notice: Option<String>,
}

/// One goal: its steps, what the group cheered, and (for its owner) the ways to change it.
pub fn goal_page(f: &Frame, v: &GoalView) -> Markup {
    let tr = f.tr;
    let g = v.goal;
    let err = |field: &str| v.errors.iter().find(|(n, _)| *n == field).map(|(_, k)| *k);
    let active = g.status == Status::Active;
    let body = html! {
        p.crumbs {
            @if v.mine {
                a href=(routes::GOALS) { (tr.t("goals-title")) }
            } @else if let Some(group) = v.group {
                a href=(routes::group(&group.row.slug)) { (group.row.name) } " › "
                a href=(routes::group_sub(&group.row.slug, "goals")) { (tr.t("group-goals-title")) }
            }
        }
        h1 { (g.title) }
        p.meta {
            @if !v.mine { (g.owner.display_name) " · " }
            (status_label(tr, g.status)) " · " (progress(tr, g))
            @if v.mine {
                " · "
                @match v.group {
                    Some(group) => (tr.ta("goal-shared-with", &[("group", group.row.name.clone().into())])),
                    None => (tr.t("goal-private")),
                }
            }
        }
        (notice(v.notice.clone()))
        (error_summary((!v.errors.is_empty()).then(|| tr.t(v.errors[0].1))))
        @if g.status == Status::Reached { p.notice.celebrate { (tr.t(if v.mine { "goal-reached-you" } else { "goal-reached-them" })) } }
        @if !g.why.is_empty() {
            h2 { (tr.t("goal-why-title")) }
            (lines("export-text", &g.why))
        }
        section aria-labelledby="steps-h" {
            h2 #steps-h { (tr.t("goal-steps-title")) }
            @if g.steps.is_empty() { p.empty { (tr.t("goal-no-steps")) } }
            ol.steps {
                @for s in &g.steps {
                    li.done[s.done] #(format!("step-{}", s.id)) {
                        span.step-title {
                            @if s.done { span.visually-hidden { (tr.t("step-done-label")) " " } "✓ " }
                            (s.title)
                        }
                        @let cheers = g.cheers.iter().filter(|c| c.step_id == Some(s.id)).count();
                        @if cheers > 0 { " " span.badge { (tr.ta("cheers-count", &[("count", cheers.into())])) } }
                        @if v.mine {
                            form.inline method="post" action=(routes::goal_step(g.id, s.id)) {
                                (csrf(f.csrf))
                                input type="hidden" name="done" value=(if s.done { "0" } else { "1" });
                                button type="submit" aria-label=(tr.ta(if s.done { "step-undo-named" } else { "step-done-named" }, &[("step", s.title.clone().into())])) {
                                    (tr.t(if s.done { "step-undo" } else { "step-done" }))
                                }
                            }
                            details.inline {
                                summary { (tr.t("step-rewrite")) span.visually-hidden { ": " (s.title) } }
                                form.stack method="post" action=(routes::goal_step(g.id, s.id)) {
                                    (csrf(f.csrf))
                                    label for=(format!("s-{}", s.id)) { (tr.t("field-step")) }
                                    input id=(format!("s-{}", s.id)) type="text" name="title" value=(s.title) maxlength=(STEP_MAX) required;
                                    button type="submit" { (tr.t("save")) }
                                }
                            }
                        } @else if active {
                            form.inline method="post" action=(routes::goal_sub(g.id, "cheers")) {
                                (csrf(f.csrf))
                                input type="hidden" name="step_id" value=(s.id);
                                button type="submit" aria-label=(tr.ta("cheer-step-named", &[("step", s.title.clone().into())])) { (tr.t("cheer-thumbs")) }
                            }
                        }
                    }
                }
            }
            @if v.mine && active {
                form.stack method="post" action=(routes::goal_sub(g.id, "steps")) {
                    (csrf(f.csrf))
                    div.field.invalid[err("step").is_some()] {
                        label for="f-new-step" { (tr.t("field-new-step")) }
                        @if let Some(e) = err("step") { p.error { (tr.t(e)) } }
                        input #f-new-step type="text" name="title" maxlength=(STEP_MAX) required;
                    }
                    button type="submit" { (tr.t("step-add")) }
                }
            }
        }
        section aria-labelledby="cheers-h" {
            h2 #cheers-h { (tr.t("cheers-title")) }
            @if g.cheers.is_empty() {
                p.empty { (tr.t(if v.mine && g.shared_with.is_none() { "cheers-private" } else { "cheers-empty" })) }
            } @else {
                ul.cheers {
                    @for c in &g.cheers {
                        li {
                            strong { (c.author.display_name) } " "
                            @if c.body.is_empty() { em { (tr.t("cheer-thumbs-given")) } } @else { (c.body) }
                            @if let Some(step) = c.step_id.and_then(|id| g.steps.iter().find(|s| s.id == id)) {
                                " " span.meta { (tr.ta("cheer-for-step", &[("step", step.title.clone().into())])) }
                            }
                            " " span.meta { (time(tr, c.created_at, true)) }
                        }
                    }
                }
            }
            @if !v.mine && g.status != Status::Stopped {
                form.stack method="post" action=(routes::goal_sub(g.id, "cheers")) {
                    (csrf(f.csrf))
                    div.field.invalid[err("body").is_some()] {
                        label for="f-cheer" { (tr.t("field-cheer")) }
                        p.hint #f-cheer-hint { (tr.t("hint-cheer")) }
                        @if let Some(e) = err("body") { p.error { (tr.t(e)) } }
                        input #f-cheer type="text" name="body" maxlength=(CHEER_MAX) aria-describedby="f-cheer-hint";
                    }
                    button.primary type="submit" { (tr.t("cheer-submit")) }
                }
            }
        }
        @if v.mine {
            section aria-labelledby="where-h" {
                h2 #where-h { (tr.t("goal-where-title")) }
                form.stack method="post" action=(routes::goal_sub(g.id, "status")) {
                    (csrf(f.csrf))
                    @match g.status {
                        Status::Active => {
                            p.actions {
                                button.primary type="submit" name="status" value="reached" { (tr.t("goal-mark-reached")) }
                                " "
                                button type="submit" name="status" value="stopped" { (tr.t("goal-mark-stopped")) }
                            }
                        }
                        _ => { button type="submit" name="status" value="active" { (tr.t("goal-mark-active")) } }
                    }
                }
                details {
                    summary { (tr.t("goal-change-title")) }
                    form.stack method="post" action=(routes::goal_sub(g.id, "edit")) novalidate {
                        (csrf(f.csrf))
                        (goal_fields(f, v.groups, &GoalDraft {
                            title: g.title.clone(),
                            why: g.why.clone(),
                            steps: String::new(),
                            shared_with: g.shared_with.clone().unwrap_or_default(),
                            check_in_days: g.check_in_days.map(|d| d.to_string()).unwrap_or_default(),
                        }, v.errors, false))
                        button type="submit" { (tr.t("save")) }
                    }
                    form.stack method="post" action=(routes::goal_sub(g.id, "delete")) {
                        (csrf(f.csrf))
                        p.hint { (tr.t("goal-delete-hint")) }
                        p { button.danger type="submit" { (tr.t("goal-delete")) } }
                    }
                }
            }
        }
        p.meta { (tr.t("goal-started")) " " (time(tr, g.created_at, false)) }
    };
    layout(f, &g.title, body)
}

/// The goals shared with a group.
pub fn group_goals_page(f: &Frame, group: &Group, goals: &[GoalJson]) -> Markup {
    let tr = f.tr;
    let gr = &group.row;
    let body = html! {
        p.crumbs { a href=(routes::group(&gr.slug)) { (gr.name) } }
        h1 { (tr.t("group-goals-title")) }
        p { (tr.t("group-goals-intro")) }
        @if goals.is_empty() {
            p.empty { (tr.t("group-goals-empty")) }
        } @else {
            ul.cards {
                @for g in goals {
                    li {
                        h2 { a href=(routes::goal(g.id)) { (g.title) } }
                        p.meta { (g.owner.display_name) " · " (status_label(tr, g.status)) " · " (progress(tr, g)) }
                    }
                }
            }
        }
        p { a href=(routes::GOALS) { (tr.t("group-goals-own")) } }
    };
    layout(f, &format!("{} · {}", tr.t("group-goals-title"), gr.name), body)
}
