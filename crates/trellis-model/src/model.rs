//! The org model (SPEC §2). Every object keeps where it was written; references keep the
//! position of the reference, so a finding can point at the exact line to change.

use crate::diag::Severity;
use crate::source::Loc;

/// An id that refers to something, with where it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ref {
    pub id: String,
    pub loc: Loc,
}

/// A piece of text with where it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    pub text: String,
    pub loc: Loc,
}

word_enum!(
    /// A person's discipline.
    Function {
        Product = "product",
        Engineering = "engineering",
        Design = "design",
        Data = "data",
        Research = "research",
        Marketing = "marketing",
        Operations = "operations",
        Other = "other",
    }
);

word_enum!(
    /// Whether someone wants to manage people.
    Interest { Yes = "yes", No = "no", Unsure = "unsure" }
);

word_enum!(
    /// How a team is cut.
    Pattern { ProductLine = "product-line", Journey = "journey", Platform = "platform" }
);

word_enum!(
    /// The portfolio bucket a team's work belongs to.
    Bucket { Core = "core", Growth = "growth", Enabler = "enabler", Experiment = "experiment" }
);

word_enum!(
    /// What a team is asked to optimize for.
    Optimizes { Predictability = "predictability", Learning = "learning", Simplification = "simplification" }
);

word_enum!(
    /// How soon a successor could take a role.
    Readiness { ReadyNow = "ready-now", OneYear = "one-year", TwoPlus = "two-plus" }
);

word_enum!(
    /// The kind of a ritual; the first five are the core rituals.
    RitualKind {
        ProductEngSync = "product-eng-sync",
        PortfolioReview = "portfolio-review",
        TalentCalibration = "talent-calibration",
        ArchitectureReview = "architecture-review",
        PostLaunchReview = "post-launch-review",
        Other = "other",
    }
);

word_enum!(
    /// How often a ritual meets.
    Cadence {
        Weekly = "weekly",
        Biweekly = "biweekly",
        Monthly = "monthly",
        Quarterly = "quarterly",
        AdHoc = "ad-hoc",
    }
);

word_enum!(
    /// The team-level decision rights every team needs a holder for.
    DecisionRight {
        Roadmap = "roadmap",
        Architecture = "architecture",
        Launch = "launch",
        SuccessCriteria = "success_criteria",
    }
);

impl DecisionRight {
    /// The right in words, for sentences ("success criteria", not its key).
    pub fn label(self) -> &'static str {
        match self {
            DecisionRight::SuccessCriteria => "success criteria",
            other => other.as_str(),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct OrgInfo {
    pub name: Option<Text>,
    /// The manager of managers the org is about.
    pub leader: Option<Ref>,
    pub loc: Loc,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Person {
    pub id: Ref,
    pub name: Option<Text>,
    pub title: Option<Text>,
    pub function: Option<Function>,
    pub reports_to: Option<Ref>,
    pub management_interest: Option<Interest>,
    /// Their work e-mail address: how a single sign-on finds the person an account is.
    pub email: Option<Text>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Surface {
    pub id: Ref,
    pub name: Option<Text>,
    pub description: Option<Text>,
    /// AI work: product and engineering decide its launch together.
    pub ai: bool,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Leads {
    pub product: Option<Ref>,
    pub engineering: Option<Ref>,
    pub design: Option<Ref>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Charter {
    pub mission: Option<Text>,
    pub owns: Vec<Ref>,
    /// Surface ids or free text; only ids are resolved.
    pub not_owns: Vec<Ref>,
    pub goals: Vec<Text>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DecisionHolder {
    pub right: DecisionRight,
    /// Who holds it (the first named, when it is held jointly).
    pub holder: Ref,
    /// Who else holds it jointly (`launch: [sam, zoltan]`): the right is theirs together.
    pub joint: Vec<Ref>,
}

impl DecisionHolder {
    /// Everyone who holds the right, the first named first.
    pub fn holders(&self) -> impl Iterator<Item = &Ref> {
        std::iter::once(&self.holder).chain(self.joint.iter())
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Dependency {
    pub team: Ref,
    pub interface: Option<Text>,
    pub loc: Loc,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Team {
    pub id: Ref,
    pub name: Option<Text>,
    pub pattern: Option<Pattern>,
    pub bucket: Option<Bucket>,
    pub optimizes_for: Option<Optimizes>,
    pub leads: Leads,
    pub leads_loc: Option<Loc>,
    pub members: Vec<Ref>,
    pub charter: Charter,
    pub charter_loc: Option<Loc>,
    pub decision_rights: Vec<DecisionHolder>,
    pub decision_rights_loc: Option<Loc>,
    pub depends_on: Vec<Dependency>,
    /// AI work: product and engineering decide its launch together.
    pub ai: bool,
}

impl Team {
    /// A team with only its id: no name, shape, leads, members, charter, rights or
    /// dependencies yet (the loader and the importers fill in what they find).
    pub fn new(id: Ref) -> Team {
        Team {
            id,
            name: None,
            pattern: None,
            bucket: None,
            optimizes_for: None,
            leads: Leads::default(),
            leads_loc: None,
            members: Vec::new(),
            charter: Charter::default(),
            charter_loc: None,
            decision_rights: Vec::new(),
            decision_rights_loc: None,
            depends_on: Vec::new(),
            ai: false,
        }
    }
}

impl Team {
    /// The name to show people: the name if given, else the id.
    pub fn display_name(&self) -> &str {
        self.name
            .as_ref()
            .map(|t| t.text.as_str())
            .unwrap_or(&self.id.id)
    }

    pub fn holder(&self, right: DecisionRight) -> Option<&Ref> {
        self.decision_rights
            .iter()
            .find(|d| d.right == right)
            .map(|d| &d.holder)
    }

    /// The leads that are set, with their role name.
    pub fn lead_roles(&self) -> impl Iterator<Item = (&'static str, &Ref)> {
        [
            ("product", self.leads.product.as_ref()),
            ("engineering", self.leads.engineering.as_ref()),
            ("design", self.leads.design.as_ref()),
        ]
        .into_iter()
        .filter_map(|(role, r)| r.map(|r| (role, r)))
    }
}

impl Person {
    pub fn display_name(&self) -> &str {
        self.name
            .as_ref()
            .map(|t| t.text.as_str())
            .unwrap_or(&self.id.id)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Initiative {
    pub id: Ref,
    pub name: Option<Text>,
    pub teams: Vec<Ref>,
    pub owner: Option<Ref>,
    pub ai: bool,
    pub goal: Option<Text>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Portfolio {
    /// Target share of headcount per bucket, in percent as written.
    pub target_mix: Vec<(Bucket, f64)>,
    pub target_mix_loc: Option<Loc>,
    pub loc: Loc,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Ritual {
    pub id: Ref,
    pub name: Option<Text>,
    pub kind: Option<RitualKind>,
    pub cadence: Option<Cadence>,
    pub owners: Vec<Ref>,
    pub attendees: Vec<Ref>,
    pub question: Option<Text>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Successor {
    pub person: Ref,
    pub readiness: Option<Readiness>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Succession {
    pub role_holder: Ref,
    pub successors: Vec<Successor>,
    pub loc: Loc,
}

/// Per-rule configuration from the `rules:` section. Validated against the rule registry by
/// the rules crate, which knows which thresholds exist.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleSetting {
    pub rule: Ref,
    pub severity: Option<Severity>,
    pub thresholds: Vec<(Ref, f64)>,
}

/// A scorecard metric's target and red line set under `scorecard:` (SPEC §6), e.g.
/// `planning-quality: { target: 80, red: 50 }`.
#[derive(Clone, Debug, PartialEq)]
pub struct MetricSetting {
    pub metric: Ref,
    /// (`target` or `red`, value)
    pub values: Vec<(Ref, f64)>,
}

/// A whole organisation, merged from all its files.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Org {
    pub info: Option<OrgInfo>,
    pub people: Vec<Person>,
    pub teams: Vec<Team>,
    pub surfaces: Vec<Surface>,
    pub initiatives: Vec<Initiative>,
    pub portfolio: Option<Portfolio>,
    pub rituals: Vec<Ritual>,
    pub succession: Vec<Succession>,
    pub rules: Vec<RuleSetting>,
    pub scorecard: Vec<MetricSetting>,
}

impl Org {
    pub fn leader(&self) -> Option<&Ref> {
        self.info.as_ref().and_then(|i| i.leader.as_ref())
    }
}
