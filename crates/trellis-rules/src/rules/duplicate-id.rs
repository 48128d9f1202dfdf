//! `duplicate-id`: an id defined twice, across all files.

use crate::{Context, Findings, Rule};
use rustc_hash::FxHashMap;
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
    check,
};

fn check(ctx: &Context, out: &mut Findings) {
    let org = ctx.org;
    let groups: [(&str, Vec<&Ref>, fn(&str) -> Subject); 5] = [
        (
            "person",
            org.people.iter().map(|p| &p.id).collect(),
            Subject::person,
        ),
        (
            "team",
            org.teams.iter().map(|t| &t.id).collect(),
            Subject::team,
        ),
        (
            "surface",
            org.surfaces.iter().map(|s| &s.id).collect(),
            Subject::surface,
        ),
        (
            "initiative",
            org.initiatives.iter().map(|i| &i.id).collect(),
            Subject::initiative,
        ),
        (
            "ritual",
            org.rituals.iter().map(|r| &r.id).collect(),
            Subject::ritual,
        ),
    ];
    for (noun, ids, subject) in groups {
        let mut first: FxHashMap<&str, &Ref> = FxHashMap::default();
        for r in ids {
            match first.get(r.id.as_str()) {
                Some(prev) => out.report(
                    r.loc,
                    format!(
                        "{noun} id `{}` is defined again; the first definition is at {}",
                        r.id,
                        ctx.place(prev.loc)
                    ),
                    [subject(&r.id)],
                    format!(
                        "Give this {noun} its own id, or delete one of the two definitions of `{}`.",
                        r.id
                    ),
                ),
                None => {
                    first.insert(&r.id, r);
                }
            }
        }
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
