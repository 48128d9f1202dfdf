//! `coaching-vague`: a coaching note that gives the manager nothing to act on.

use crate::coaching::{REWRITE_FRAME, read_note};
use crate::{Check, Findings, Rule, TalentContext};
use trellis_model::{Severity, Subject};

pub const RULE: Rule = Rule {
    id: "coaching-vague",
    default_severity: Severity::Info,
    summary: "A coaching note names no concrete situation and no concrete behaviour, or leans on slogans.",
    rationale: "Coaching changes behaviour only when the person can see which moment is meant and \
        what they did in it. \"Be more strategic\" or \"show executive presence\" sound like \
        feedback but leave the manager guessing, and different coaches mean different things by \
        them. A note that names the situation and the behaviour can be acted on, checked later, \
        and compared fairly across people.",
    fix: "Rewrite the note around one moment: the situation (when and where), the behaviour (what \
        they did or said), its impact, and the behaviour to try next time.",
    thresholds: &[],
    check: Check::Talent(check),
};

fn check(ctx: &TalentContext, out: &mut Findings) {
    for note in &ctx.talent.notes {
        let r = read_note(&note.text);
        if !r.vague() {
            continue;
        }
        let mut what = Vec::new();
        let missing = r.missing();
        if !missing.is_empty() {
            // "no a concrete situation" reads wrong: the article goes.
            let bare: Vec<&str> = missing
                .iter()
                .map(|m| {
                    m.strip_prefix("a ")
                        .or_else(|| m.strip_prefix("an "))
                        .unwrap_or(m)
                })
                .collect();
            what.push(format!("it has no {}", bare.join(" and no ")));
        }
        if !r.slogans.is_empty() {
            what.push(format!(
                "it leans on {}",
                r.slogans
                    .iter()
                    .map(|s| format!("“{s}”"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        out.talent(
            format!(
                "the coaching note of {} about {} ({}) is vague: {}",
                note.date,
                ctx.s.person_label(&note.about),
                ctx.s.person_label(&note.author),
                what.join("; ")
            ),
            [Subject::person(&note.about), Subject::person(&note.author)],
            format!("Rewrite it around one moment: {REWRITE_FRAME}"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::talent::testing::{day, org, run};
    use trellis_model::talent::{CoachingNote, Talent};

    fn note(text: &str) -> CoachingNote {
        CoachingNote {
            id: 1,
            about: "li".into(),
            author: "dana".into(),
            date: day("2026-10-01"),
            text: text.into(),
            shared: false,
        }
    }

    #[test]
    fn fires_on_slogans_and_not_on_concrete_notes() {
        let org = org("");
        let mut t = Talent::default();
        t.notes.push(note(
            "In the pricing sync you interrupted Raul twice while he explained the data.",
        ));
        assert!(run(RULE.id, &org, &t, "2026-11-01").is_empty());
        t.notes.push(note(
            "Li needs to be more strategic and show executive presence.",
        ));
        let found = run(RULE.id, &org, &t, "2026-11-01");
        assert_eq!(found.len(), 1);
        assert!(
            found[0].message.contains("it has no concrete situation")
                && !found[0].message.contains("no a "),
            "{}",
            found[0].message
        );
        assert!(
            found[0]
                .message
                .contains("“be more strategic”, “executive presence”"),
            "{}",
            found[0].message
        );
        assert!(found[0].fix.contains("<situation: when and where>"));
        assert_eq!(found[0].loc.file, trellis_model::FileId::TALENT);
    }
}
