//! `unknown-reference`: an id that refers to nothing.

use crate::Check;
use crate::{Context, Findings, Rule};
use trellis_model::diag::closest;
use trellis_model::{Ref, Severity, Subject};

pub const RULE: Rule = Rule {
    id: "unknown-reference",
    default_severity: Severity::Error,
    summary: "An id refers to a person, team or surface that is not defined.",
    rationale: "Every other check trusts that a name points at something real. A reporting line to \
        a person who left, a lead spelled two ways, or a surface that was renamed makes the org \
        files say something different from what the organisation does, and the checks that read \
        them go quietly wrong. Treat a dangling id like a broken link in code: fix it before \
        trusting anything else in the report.",
    fix: "Correct the id to one that is defined, or add the missing person, team or surface.",
    thresholds: &[],
    check: Check::Org(check),
};

#[derive(Clone, Copy)]
enum Kind {
    Person,
    Team,
    Surface,
}

fn check(ctx: &Context, out: &mut Findings) {
    let org = ctx.org;
    // Checking is cheap; describing the reference only happens for the few that dangle.
    let mut check = |kind: Kind, r: &Ref, role: &dyn Fn() -> String| {
        let known = match kind {
            Kind::Person => ctx.s.people.contains_key(r.id.as_str()),
            Kind::Team => ctx.s.teams.contains_key(r.id.as_str()),
            Kind::Surface => ctx.s.surfaces.contains_key(r.id.as_str()),
        };
        if !known {
            report(ctx, out, kind, r, role());
        }
    };
    if let Some(leader) = org.leader() {
        check(Kind::Person, leader, &|| "the org leader".into());
    }
    for (i, p) in org.people.iter().enumerate() {
        // The structure already resolved this line; no need to look it up again.
        if ctx.s.manager[i].is_some() {
            continue;
        }
        if let Some(r) = &p.reports_to {
            check(Kind::Person, r, &|| format!("the manager of `{}`", p.id.id));
        }
    }
    for t in &org.teams {
        let id = &t.id.id;
        for (role, r) in t.lead_roles() {
            check(Kind::Person, r, &|| {
                format!("the {role} lead of team `{id}`")
            });
        }
        for r in &t.members {
            check(Kind::Person, r, &|| format!("a member of team `{id}`"));
        }
        for r in &t.charter.owns {
            check(Kind::Surface, r, &|| {
                format!("a surface owned by team `{id}`")
            });
        }
        for d in &t.decision_rights {
            for h in d.holders() {
                check(Kind::Person, h, &|| {
                    format!(
                        "the holder of the {} decision of team `{id}`",
                        d.right.as_str().replace('_', " ")
                    )
                });
            }
        }
        for d in &t.depends_on {
            check(Kind::Team, &d.team, &|| {
                format!("a dependency of team `{id}`")
            });
        }
    }
    for i in &org.initiatives {
        for r in &i.teams {
            check(Kind::Team, r, &|| {
                format!("a team of initiative `{}`", i.id.id)
            });
        }
        if let Some(r) = &i.owner {
            check(Kind::Person, r, &|| {
                format!("the owner of initiative `{}`", i.id.id)
            });
        }
    }
    for r in &org.rituals {
        for o in &r.owners {
            check(Kind::Person, o, &|| {
                format!("an owner of ritual `{}`", r.id.id)
            });
        }
        for a in &r.attendees {
            check(Kind::Person, a, &|| {
                format!("an attendee of ritual `{}`", r.id.id)
            });
        }
    }
    for s in &org.succession {
        check(Kind::Person, &s.role_holder, &|| {
            "a role holder in `succession`".into()
        });
        for c in &s.successors {
            check(Kind::Person, &c.person, &|| {
                format!("a successor of `{}`", s.role_holder.id)
            });
        }
    }
}

fn report(ctx: &Context, out: &mut Findings, kind: Kind, r: &Ref, role: String) {
    let (noun, subject) = match kind {
        Kind::Person => ("person", Subject::person(&r.id)),
        Kind::Team => ("team", Subject::team(&r.id)),
        Kind::Surface => ("surface", Subject::surface(&r.id)),
    };
    let hint = match kind {
        Kind::Person => closest(&r.id, ctx.s.people.keys().copied()),
        Kind::Team => closest(&r.id, ctx.s.teams.keys().copied()),
        Kind::Surface => closest(&r.id, ctx.s.surfaces.keys().copied()),
    };
    let fix = match hint {
        Some(c) => format!(
            "Did you mean `{c}`? Otherwise add a {noun} with id `{}`.",
            r.id
        ),
        None => format!("Add a {noun} with id `{}`, or correct the id.", r.id),
    };
    out.report(
        r.loc,
        format!("{role} is `{}`, but no {noun} has that id", r.id),
        [subject],
        fix,
    );
}

#[cfg(test)]
mod tests {
    use crate::testing::findings;

    #[test]
    fn fires_for_each_dangling_id_with_a_hint() {
        let list = findings(
            "unknown-reference",
            "people:\n  - { id: dana, name: Dana }\n  - { id: li, name: Li, reports_to: dnaa }\nteams:\n  - { id: t, name: T, leads: { product: li }, charter: { owns: [ghost] }, depends_on: [{ team: nope, interface: x }] }\n",
        );
        let lines: Vec<_> = list.iter().map(|d| (d.loc.line, d.loc.col)).collect();
        assert_eq!(lines.len(), 3, "{list:#?}");
        assert!(list[0].message.contains("the manager of `li` is `dnaa`"));
        assert!(list[0].fix.contains("Did you mean `dana`?"));
        assert!(list.iter().any(|d| d.message.contains("surface")));
        assert!(
            list.iter()
                .any(|d| d.message.contains("no team has that id"))
        );
    }

    #[test]
    fn each_holder_of_a_joint_right_is_checked_where_it_is_written() {
        let list = findings(
            "unknown-reference",
            "people:\n  - { id: dana, name: Dana }\n  - { id: li, name: Li }\nteams:\n  - { id: t, name: T, decision_rights: { launch: [dana, lii] } }\n",
        );
        assert_eq!(list.len(), 1, "{list:#?}");
        assert!(
            list[0]
                .message
                .contains("the holder of the launch decision of team `t`")
        );
        assert_eq!((list[0].loc.line, list[0].loc.col), (5, 57));
        assert!(
            list[0].fix.contains("Did you mean `li`?"),
            "{}",
            list[0].fix
        );
    }

    #[test]
    fn quiet_when_every_id_resolves_and_not_owns_is_free_text() {
        let list = findings(
            "unknown-reference",
            "org: { name: O, leader: dana }\npeople:\n  - { id: dana, name: Dana }\nsurfaces:\n  - { id: s, name: S }\nteams:\n  - { id: t, name: T, leads: { product: dana }, charter: { owns: [s], not_owns: [billing and invoicing] } }\n",
        );
        assert!(list.is_empty(), "{list:#?}");
    }
}
