//! `duplicate-id`: an id defined twice, across all files.

use crate::Check;
use crate::{Context, Findings, Rule};
use trellis_model::hash::Map;
use trellis_model::{Ref, Severity, Subject};

pub const RULE: Rule = Rule {
    id: "duplicate-id",
    default_severity: Severity::Error,
    summary: "The same id is defined twice (for people, teams, surfaces, initiatives or rituals), in any file.",
    rationale: "An id is how every other part of the org refers to a thing. When two definitions \
        share one, references silently resolve to the first and the second is ignored, which \
        usually means two people or two teams were merged by accident during an edit or an \
        import. Ids are unique across all files so that splitting the org into several files \
        never changes its meaning.",
    fix: "Rename one of the two, or delete the copy and keep a single definition.",
    thresholds: &[],
    check: Check::Org(check),
};

fn check(ctx: &Context, out: &mut Findings) {
    let org = ctx.org;
    let s = &ctx.s;
    // The structure maps each id to its first definition; any other definition is a repeat.
    report(
        ctx,
        out,
        "person",
        org.people.iter().map(|p| (&p.id, p.display_name())),
        |id| {
            s.people.get(id).map(|&i| {
                (
                    &org.people[i as usize].id,
                    org.people[i as usize].display_name(),
                )
            })
        },
        Subject::person,
    );
    report(
        ctx,
        out,
        "team",
        org.teams.iter().map(|t| (&t.id, t.display_name())),
        |id| {
            s.teams.get(id).map(|&i| {
                (
                    &org.teams[i as usize].id,
                    org.teams[i as usize].display_name(),
                )
            })
        },
        Subject::team,
    );
    report(
        ctx,
        out,
        "surface",
        org.surfaces.iter().map(|x| (&x.id, x.id.id.as_str())),
        |id| {
            s.surfaces.get(id).map(|&i| {
                (
                    &org.surfaces[i as usize].id,
                    org.surfaces[i as usize].id.id.as_str(),
                )
            })
        },
        Subject::surface,
    );
    // Initiatives and rituals are few; a local map is fine.
    for (noun, ids, subject) in [
        (
            "initiative",
            org.initiatives.iter().map(|i| &i.id).collect::<Vec<_>>(),
            Subject::initiative as fn(&str) -> Subject,
        ),
        (
            "ritual",
            org.rituals.iter().map(|r| &r.id).collect::<Vec<_>>(),
            Subject::ritual,
        ),
    ] {
        let mut first: Map<&str, &Ref> = Map::default();
        for r in &ids {
            first.entry(r.id.as_str()).or_insert(r);
        }
        report(
            ctx,
            out,
            noun,
            ids.iter().map(|r| (*r, r.id.as_str())),
            |id| first.get(id).map(|r| (*r, r.id.as_str())),
            subject,
        );
    }
}

fn report<'a>(
    ctx: &Context,
    out: &mut Findings,
    noun: &str,
    ids: impl Iterator<Item = (&'a Ref, &'a str)>,
    first: impl Fn(&str) -> Option<(&'a Ref, &'a str)>,
    subject: fn(&str) -> Subject,
) {
    for (r, name) in ids {
        let Some((prev, prev_name)) = first(&r.id) else {
            continue;
        };
        if std::ptr::eq(prev, r) {
            continue;
        }
        // Both definitions by their own names: labels looked up by id show the first one's.
        let names = if name == prev_name || name == r.id {
            String::new()
        } else {
            format!(" (here named {name}, first {prev_name})")
        };
        out.report(
            r.loc,
            format!(
                "{noun} id `{}` is defined again{names}; the first definition is at {}",
                r.id,
                ctx.place(prev.loc)
            ),
            [subject(&r.id)],
            format!(
                "Give this {noun} its own id, or delete one of the two definitions of `{}`.",
                r.id
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::findings;

    #[test]
    fn fires_on_the_second_definition() {
        let list = findings(
            "duplicate-id",
            "people:\n  - { id: a, name: A }\n  - { id: a, name: Another A }\nteams:\n  - { id: t, name: T }\n  - { id: t, name: T2 }\n",
        );
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].loc.line, 3);
        assert!(list[0].message.contains("org.yaml:2"));
        assert!(list[1].message.starts_with("team id `t`"));
        // The second definition is named by its own name, beside the first's.
        assert!(
            list[1].message.contains(
                "defined again (here named T2, first T); the first definition is at org.yaml:5"
            ),
            "{}",
            list[1].message
        );
        assert!(list[0].message.contains("(here named Another A, first A)"));
    }

    #[test]
    fn same_id_in_different_kinds_is_fine() {
        let list = findings(
            "duplicate-id",
            "people:\n  - { id: search, name: A }\nteams:\n  - { id: search, name: Search }\nsurfaces:\n  - { id: search, name: Search box }\n",
        );
        assert!(list.is_empty(), "{list:#?}");
    }
}
