//! Who may see and change which talent record (SPEC §9), decided in one place and denying by
//! default. Judged against the org version in force, so when someone moves to another manager
//! the former manager's access ends with the next request that reads the new version.

use crate::Structure;

word_enum!(
    /// The kinds of talent record.
    RecordKind {
        Interest = "interest",
        Observation = "observation",
        Assignment = "assignment",
        CoachingNote = "coaching-note",
        Rating = "rating",
        Promotion = "promotion",
        Sponsorship = "sponsorship",
        Succession = "succession",
    }
);

word_enum!(
    /// What an account may do (SPEC §9): admins run the instance, leaders see and change
    /// everything, managers their own group, members their own teams, viewers only read.
    Role { Admin = "admin", Leader = "leader", Manager = "manager", Member = "member", Viewer = "viewer" }
);

impl Role {
    /// The role stored for an account; one this version does not know reads as a viewer
    /// (the least it could be).
    pub fn of_stored(text: &str) -> Role {
        Role::parse(text).unwrap_or(Role::Viewer)
    }

    /// Leaders and admins: they see and change everything.
    pub fn sees_everything(self) -> bool {
        matches!(self, Role::Admin | Role::Leader)
    }
}

/// The account asking: its role and the person in the org it is linked to, if any.
#[derive(Clone, Copy, Debug)]
pub struct Viewer<'a> {
    pub role: Role,
    pub person: Option<&'a str>,
}

/// Where the record's subject stands relative to the viewer's person.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relation {
    Myself,
    /// Somewhere below the viewer in the reporting line.
    InMySubtree,
    Other,
}

/// The reporting lines of the org version in force, as the policy needs them.
pub trait Lines {
    /// Is `manager` somewhere above `person` in the reporting line?
    fn is_above(&self, manager: &str, person: &str) -> bool;
}

impl Lines for Structure<'_> {
    fn is_above(&self, manager: &str, person: &str) -> bool {
        match (self.person_ix(manager), self.person_ix(person)) {
            (Some(v), Some(a)) => Structure::is_above(self, v, a),
            _ => false,
        }
    }
}

pub fn relation(s: &impl Lines, viewer: &str, about: &str) -> Relation {
    if viewer == about {
        Relation::Myself
    } else if s.is_above(viewer, about) {
        Relation::InMySubtree
    } else {
        Relation::Other
    }
}

/// May `viewer` read a `kind` record about `about`? `shared` is the record's own flag (a
/// coaching note shared with the person it is about).
pub fn may_read(
    viewer: Viewer,
    s: &impl Lines,
    about: &str,
    kind: RecordKind,
    shared: bool,
) -> bool {
    match viewer.role {
        Role::Admin | Role::Leader => true,
        Role::Manager | Role::Member => {
            let Some(me) = viewer.person else {
                return false;
            };
            match relation(s, me, about) {
                Relation::InMySubtree => viewer.role == Role::Manager,
                Relation::Myself => match kind {
                    RecordKind::Interest | RecordKind::Assignment => true,
                    RecordKind::CoachingNote => shared,
                    _ => false,
                },
                Relation::Other => false,
            }
        }
        _ => false,
    }
}

/// May `viewer` create or change a `kind` record about `about`? Leaders and admins anywhere,
/// managers in their subtree, anyone their own management interest; nothing else.
pub fn may_write(viewer: Viewer, s: &impl Lines, about: &str, kind: RecordKind) -> bool {
    match viewer.role {
        Role::Admin | Role::Leader => true,
        Role::Manager | Role::Member => {
            let Some(me) = viewer.person else {
                return false;
            };
            match relation(s, me, about) {
                Relation::InMySubtree => viewer.role == Role::Manager,
                Relation::Myself => kind == RecordKind::Interest,
                Relation::Other => false,
            }
        }
        _ => false,
    }
}

/// May `viewer` name `person` in a record they write, beside its subject: the manager whose
/// role a successor would take, a sponsor, an assignment's sponsor. A record names people, and
/// every one of them must be within the writer's reach: leaders and admins anyone; managers
/// themselves and the people below them; nobody else.
pub fn may_name(viewer: Viewer, s: &impl Lines, person: &str) -> bool {
    match viewer.role {
        Role::Admin | Role::Leader => true,
        Role::Manager => viewer
            .person
            .is_some_and(|me| relation(s, me, person) != Relation::Other),
        _ => false,
    }
}

/// May `viewer` enter a rating given by `rater`? A manager's ratings are always their own;
/// leaders and admins may enter a rating for another rater (the record keeps who entered it).
pub fn may_rate_as(viewer: Viewer, rater: &str) -> bool {
    match viewer.role {
        Role::Admin | Role::Leader => true,
        Role::Manager => viewer.person == Some(rater),
        _ => false,
    }
}

/// How far a viewer's talent view reaches, for pages that list many people.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reach {
    /// Leaders and admins: everyone.
    Everyone,
    /// Managers: the people below them (and their own member-level records).
    Subtree,
    /// Members: their own interest, assignments and shared notes.
    Own,
    /// Viewers, unlinked accounts and unknown roles.
    Nothing,
}

pub fn reach(viewer: Viewer) -> Reach {
    match (viewer.role, viewer.person) {
        (Role::Admin | Role::Leader, _) => Reach::Everyone,
        (Role::Manager, Some(_)) => Reach::Subtree,
        (Role::Member, Some(_)) => Reach::Own,
        _ => Reach::Nothing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load_str;

    /// dana leads; li and priya manage under her; ana (under li) manages eng1; raul under li;
    /// noor under priya.
    fn org() -> crate::Org {
        let (loaded, _) = load_str(
            "org.yaml",
            "org: { name: T, leader: dana }\npeople:\n  - { id: dana }\n  - { id: li, reports_to: dana }\n  - { id: priya, reports_to: dana }\n  - { id: ana, reports_to: li }\n  - { id: raul, reports_to: li }\n  - { id: eng1, reports_to: ana }\n  - { id: noor, reports_to: priya }\n",
        );
        // Only the reporting lines matter here; missing names are fine.
        assert!(
            loaded.problems.iter().all(|p| p.code == "missing-field"),
            "{:#?}",
            loaded.problems
        );
        loaded.org
    }

    #[test]
    fn the_read_matrix_is_exactly_section_9() {
        let org = org();
        let s = Structure::new(&org);
        // (role, person, about, kind, shared, allowed)
        use RecordKind::*;
        type Case<'a> = (&'a str, Option<&'a str>, &'a str, RecordKind, bool, bool);
        let cases: &[Case] = &[
            // Leaders and admins see everything.
            ("leader", Some("dana"), "noor", Rating, false, true),
            ("admin", None, "eng1", CoachingNote, false, true),
            // A manager: their subtree (direct and skip-level), not peers' people, not above.
            ("manager", Some("li"), "ana", Rating, false, true),
            ("manager", Some("li"), "eng1", CoachingNote, false, true),
            ("manager", Some("li"), "noor", Rating, false, false),
            ("manager", Some("li"), "priya", Observation, false, false),
            ("manager", Some("li"), "dana", Rating, false, false),
            // …and about themselves, what a member sees.
            ("manager", Some("li"), "li", Rating, false, false),
            ("manager", Some("li"), "li", Interest, false, true),
            ("manager", Some("li"), "li", CoachingNote, true, true),
            // A member: own interest and assignments; notes only when shared; never ratings.
            ("member", Some("raul"), "raul", Interest, false, true),
            ("member", Some("raul"), "raul", Assignment, false, true),
            ("member", Some("raul"), "raul", CoachingNote, false, false),
            ("member", Some("raul"), "raul", CoachingNote, true, true),
            ("member", Some("raul"), "raul", Rating, false, false),
            ("member", Some("raul"), "raul", Promotion, false, false),
            ("member", Some("ana"), "eng1", Rating, false, false),
            // Viewers and unlinked accounts: nothing.
            ("viewer", Some("dana"), "noor", Interest, false, false),
            ("manager", None, "ana", Rating, false, false),
            ("member", None, "raul", Interest, false, false),
            ("unknown-role", Some("dana"), "noor", Interest, false, false),
            // Someone not in the org.
            ("manager", Some("li"), "stranger", Rating, false, false),
        ];
        for (role, person, about, kind, shared, allowed) in cases {
            let v = Viewer {
                role: Role::of_stored(role),
                person: *person,
            };
            assert_eq!(
                may_read(v, &s, about, *kind, *shared),
                *allowed,
                "{role} {person:?} reading {} about {about} (shared {shared})",
                kind.as_str()
            );
        }
    }

    #[test]
    fn moving_a_report_ends_the_former_managers_access() {
        let before = org();
        let s = Structure::new(&before);
        let li = Viewer {
            role: Role::Manager,
            person: Some("li"),
        };
        assert!(may_read(li, &s, "raul", RecordKind::Rating, false));
        let (moved, _) = load_str(
            "org.yaml",
            "org: { name: T, leader: dana }\npeople:\n  - { id: dana }\n  - { id: li, reports_to: dana }\n  - { id: priya, reports_to: dana }\n  - { id: raul, reports_to: priya }\n",
        );
        let s = Structure::new(&moved.org);
        assert!(!may_read(li, &s, "raul", RecordKind::Rating, false));
        assert!(may_read(
            Viewer {
                role: Role::Manager,
                person: Some("priya")
            },
            &s,
            "raul",
            RecordKind::Rating,
            false
        ));
    }

    #[test]
    fn everyone_a_record_names_must_be_within_reach() {
        let org = org();
        let s = Structure::new(&org);
        let li = Viewer {
            role: Role::Manager,
            person: Some("li"),
        };
        // Themselves and their subtree, at any depth.
        for p in ["li", "ana", "eng1", "raul"] {
            assert!(may_name(li, &s, p), "li naming {p}");
        }
        // A peer, a peer's report, their own manager, a stranger.
        for p in ["priya", "noor", "dana", "stranger"] {
            assert!(!may_name(li, &s, p), "li naming {p}");
        }
        let dana = Viewer {
            role: Role::Leader,
            person: Some("dana"),
        };
        assert!(may_name(dana, &s, "noor"));
        for role in ["member", "viewer"] {
            let v = Viewer {
                role: Role::of_stored(role),
                person: Some("dana"),
            };
            assert!(!may_name(v, &s, "dana"), "{role}");
        }
        // Ratings: a manager rates as themselves only; a leader may enter for another rater.
        assert!(may_rate_as(li, "li"));
        assert!(!may_rate_as(li, "priya"));
        assert!(!may_rate_as(li, "ana"));
        assert!(may_rate_as(dana, "priya"));
        assert!(!may_rate_as(
            Viewer {
                role: Role::Member,
                person: Some("ana")
            },
            "ana"
        ));
    }

    #[test]
    fn writes_are_scoped_like_reads() {
        let org = org();
        let s = Structure::new(&org);
        let li = Viewer {
            role: Role::Manager,
            person: Some("li"),
        };
        assert!(may_write(li, &s, "eng1", RecordKind::CoachingNote));
        assert!(!may_write(li, &s, "noor", RecordKind::Rating));
        assert!(
            !may_write(li, &s, "li", RecordKind::Rating),
            "nobody rates themselves"
        );
        assert!(may_write(li, &s, "li", RecordKind::Interest));
        let raul = Viewer {
            role: Role::Member,
            person: Some("raul"),
        };
        assert!(may_write(raul, &s, "raul", RecordKind::Interest));
        assert!(!may_write(raul, &s, "raul", RecordKind::Assignment));
        assert!(!may_write(
            Viewer {
                role: Role::Viewer,
                person: Some("dana")
            },
            &s,
            "noor",
            RecordKind::Interest
        ));
        for kind in RecordKind::ALL {
            assert!(may_write(
                Viewer {
                    role: Role::Leader,
                    person: Some("dana")
                },
                &s,
                "noor",
                *kind
            ));
        }
    }
}
