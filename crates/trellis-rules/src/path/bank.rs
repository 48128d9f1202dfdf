//! The bank of director-level interview questions, in six areas, in our own words. Each says
//! what a strong answer shows, so practice aims at a mechanism rather than a speech.

use trellis_model::path::Topic;

/// One question of the bank.
#[derive(Debug)]
pub struct Question {
    /// Stable id: answers are kept against it.
    pub id: &'static str,
    pub topic: Topic,
    pub text: &'static str,
    /// What a strong answer shows.
    pub strong: &'static str,
}

pub const QUESTIONS: &[Question] = &[
    Question {
        id: "conflict-overlapping-goals",
        topic: Topic::ManagerConflict,
        text: "Two of your managers run teams whose goals overlap, and each believes the shared work is theirs. Walk me through a time you settled this.",
        strong: "How you found what the overlap really was (goals, surfaces, metrics), the options you weighed, who owns what afterwards and how you wrote it down so it stayed settled.",
    },
    Question {
        id: "conflict-keeps-coming-back",
        topic: Topic::ManagerConflict,
        text: "A disagreement between two teams keeps returning to your desk. How did you tell whether it was about people or about the structure, and what did you change?",
        strong: "The evidence you looked at (how often, about what), the structural change you made rather than another ruling, and how you knew it worked.",
    },
    Question {
        id: "conflict-manager-vs-manager",
        topic: Topic::ManagerConflict,
        text: "Tell me about two managers on your team who stopped trusting each other. What did you do first, and what did you decide?",
        strong: "What you heard from each, separately, before acting; the decision you made; what you said to both and what changed in how they worked.",
    },
    Question {
        id: "conflict-escalation-habit",
        topic: Topic::ManagerConflict,
        text: "Your managers escalate decisions they could make themselves. How did you find out why, and how did you send the decisions back?",
        strong: "Which decisions and how many, the cause you found (an unclear right, a missing interface, habit) and the change that made the next one stay with the team.",
    },
    Question {
        id: "org-when-to-reorganise",
        topic: Topic::OrgDesign,
        text: "Describe a reorganisation you led or recommended. How did you know the structure, and not the people, was the problem?",
        strong: "The symptoms you traced to the structure (handoffs, dependencies, slow decisions), the alternatives you compared, and how you told the people who moved.",
    },
    Question {
        id: "org-chose-not-to",
        topic: Topic::OrgDesign,
        text: "Tell me about a time you were asked to reorganise and decided not to.",
        strong: "What you checked, what you did instead (an interface, a decision right, a ritual), and how you explained the choice to those who asked.",
    },
    Question {
        id: "org-team-boundaries",
        topic: Topic::OrgDesign,
        text: "How did you draw the boundary between two teams that shared a customer journey?",
        strong: "The options (by journey, by platform, by customer), the one you chose and why, and what each team wrote into its charter afterwards.",
    },
    Question {
        id: "org-span",
        topic: Topic::OrgDesign,
        text: "One of your managers has more reports than they can coach. What did you do?",
        strong: "How you saw it (one-to-ones slipping, notes getting thin), the change (a new manager, a lead, a split) and how you picked the person.",
    },
    Question {
        id: "talent-coach-a-manager",
        topic: Topic::TalentCalls,
        text: "Tell me about a manager you coached through a specific weakness. What did you see, what did you say, and what changed?",
        strong: "The behaviour you saw in a named situation, the feedback as you gave it, and the later moment that showed the change.",
    },
    Question {
        id: "talent-move-out-of-role",
        topic: Topic::TalentCalls,
        text: "Tell me about a time you moved a manager out of their role.",
        strong: "What you saw and for how long, what you tried first, how you decided, and how you told them and their team, with the dignity kept.",
    },
    Question {
        id: "talent-first-time-manager",
        topic: Topic::TalentCalls,
        text: "How did you decide that someone was ready to manage for the first time?",
        strong: "The stretch you gave them before the title, what you watched for, and what you did in their first months as a manager.",
    },
    Question {
        id: "talent-calibration",
        topic: Topic::TalentCalls,
        text: "Your managers rate very differently. How did you bring their ratings to one standard?",
        strong: "The evidence you asked for, the rater pattern you found, and the discussion that moved a rating, with its reason.",
    },
    Question {
        id: "portfolio-stop-to-fund",
        topic: Topic::PortfolioTradeoffs,
        text: "Tell me about a time you stopped one investment to fund another.",
        strong: "The numbers you compared, who you consulted, what you gave up and said you gave up, and how you told the team whose work stopped.",
    },
    Question {
        id: "portfolio-mix",
        topic: Topic::PortfolioTradeoffs,
        text: "How did you decide how many people go to running the core, to growth and to new bets?",
        strong: "The mix you had, the mix you wanted and why, the moves you made and how you tracked whether it held.",
    },
    Question {
        id: "portfolio-pet-project",
        topic: Topic::PortfolioTradeoffs,
        text: "A senior leader's favourite project was not paying off. What did you do?",
        strong: "The evidence you gathered, how you framed the options to the leader, and what was decided.",
    },
    Question {
        id: "portfolio-attention",
        topic: Topic::PortfolioTradeoffs,
        text: "Which of your teams took more of your time than its weight, and what did you change?",
        strong: "How you measured where your time went, the cause you found, and the change that gave the time back.",
    },
    Question {
        id: "exec-uncertainty",
        topic: Topic::ExecutiveCommunication,
        text: "Tell me about presenting a plan to executives when you did not know whether it would work.",
        strong: "How you framed what you knew and did not, the decision you asked for, and the checkpoints you promised and kept.",
    },
    Question {
        id: "exec-bad-news",
        topic: Topic::ExecutiveCommunication,
        text: "Tell me about bringing bad news up the chain.",
        strong: "When you told them and how early, what you recommended alongside the news, and what happened next.",
    },
    Question {
        id: "exec-one-page",
        topic: Topic::ExecutiveCommunication,
        text: "How did you get a room of senior leaders to one decision on a contested topic?",
        strong: "The pre-work (who you met beforehand), the document or format, the decision framed as options, and the outcome.",
    },
    Question {
        id: "exec-say-no",
        topic: Topic::ExecutiveCommunication,
        text: "Tell me about saying no to an executive request.",
        strong: "What you weighed, the alternative you offered, and how the relationship stood afterwards.",
    },
    Question {
        id: "ai-ready",
        topic: Topic::AiJudgment,
        text: "How did you decide that an AI capability was ready for all your customers?",
        strong: "The bar you set before testing (error rates, the cases that must not fail), the evidence you collected, and the narrower launch or the wait you chose.",
    },
    Question {
        id: "ai-failure-modes",
        topic: Topic::AiJudgment,
        text: "Tell me about an AI feature that behaved badly after launch. What did you do?",
        strong: "How you found out, how you judged the harm, what you turned off or changed, and what you told customers.",
    },
    Question {
        id: "ai-build-or-wait",
        topic: Topic::AiJudgment,
        text: "How did you decide whether to build on a model that was changing every few months?",
        strong: "The options (build now, wait, buy), the cost of switching you estimated, and the check you set to revisit.",
    },
    Question {
        id: "ai-team-skills",
        topic: Topic::AiJudgment,
        text: "How did you judge whether your PMs could manage AI products, and what did you change?",
        strong: "What you looked at in their work, the gaps you named, and the assignments or hires that closed them.",
    },
];

/// The bank's question with this id.
pub fn question(id: &str) -> Option<&'static Question> {
    QUESTIONS.iter().find(|q| q.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_topic_has_questions_and_ids_are_unique() {
        for topic in Topic::ALL {
            assert!(
                QUESTIONS.iter().filter(|q| q.topic == *topic).count() >= 4,
                "{topic}"
            );
        }
        let mut ids: Vec<&str> = QUESTIONS.iter().map(|q| q.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), QUESTIONS.len());
        assert!(question("ai-ready").is_some());
        assert!(question("nosuch").is_none());
    }
}
