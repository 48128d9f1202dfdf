//! The generic CSV importer: an HR-system people export plus optional teams, groups and
//! surfaces files become org files. Every bad row is reported with its file, row and column,
//! and nothing is produced unless the whole import is valid.

use crate::OutFile;
use crate::yaml_out::{self, unplaced_ref, unplaced_text};
use std::fmt;
use trellis_model::diag::{closest, did_you_mean};
use trellis_model::hash::{Map, Set};
use trellis_model::*;

/// The four kinds of input file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    People,
    Teams,
    Groups,
    Surfaces,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::People => "people",
            Kind::Teams => "teams",
            Kind::Groups => "groups",
            Kind::Surfaces => "surfaces",
        }
    }

    /// The columns Trellis reads from this file, with whether each is required.
    pub fn columns(self) -> &'static [(&'static str, bool)] {
        match self {
            Kind::People => &[
                ("employee_id", true),
                ("name", true),
                ("job_title", false),
                ("manager_id", true),
                ("email", false),
            ],
            Kind::Teams => &[
                ("team_id", true),
                ("name", true),
                ("group_id", false),
                ("product_lead", false),
                ("engineering_lead", false),
                ("design_lead", false),
            ],
            Kind::Groups => &[
                ("group_id", true),
                ("name", true),
                ("product_lead", false),
                ("engineering_lead", false),
            ],
            Kind::Surfaces => &[
                ("surface_id", true),
                ("name", true),
                ("category", false),
                ("owner_team", false),
                ("ownership_model", false),
            ],
        }
    }
}

/// One input file: its name for messages and its text.
#[derive(Debug, Clone)]
pub struct Input {
    pub path: String,
    pub text: String,
}

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub people: Option<Input>,
    pub teams: Option<Input>,
    pub groups: Option<Input>,
    pub surfaces: Option<Input>,
    /// Column renames: `key` (e.g. `manager_id` or `teams.name`) to the header in the file.
    pub columns: Vec<(String, String)>,
    /// The org leader; by default the single person without a manager.
    pub leader: Option<String>,
    /// The org's name; by default "Imported organisation".
    pub name: Option<String>,
}

/// One problem with the input, located as precisely as possible.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    pub file: String,
    /// 1-based line in the file (the header is line 1).
    pub line: Option<u64>,
    pub column: Option<String>,
    pub message: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(col) = &self.column {
            write!(f, ": column `{col}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// What an import produced: the files to write and a short account of what is in them.
#[derive(Debug)]
pub struct Imported {
    pub files: Vec<OutFile>,
    pub org: Org,
    pub groups: usize,
    /// Surfaces a team keeps running as caretaker, not as owner: (surface, team). They are
    /// imported without an owner, the caretaker named in their description.
    pub caretakers: Vec<(String, String)>,
    /// Names on more than one row of the people file, with each row's id and line: often one
    /// person in two roles (an interim post kept as its own row).
    pub same_names: Vec<(String, Vec<(String, u64)>)>,
}

struct Table {
    path: String,
    /// Column index for each of the kind's columns (None when optional and absent).
    index: Vec<Option<usize>>,
    headers: Vec<String>,
    rows: Vec<(u64, csv::StringRecord)>,
}

impl Table {
    fn get<'a>(&self, row: &'a csv::StringRecord, col: usize) -> &'a str {
        self.index[col]
            .and_then(|i| row.get(i))
            .map(str::trim)
            .unwrap_or("")
    }
    fn header(&self, col: usize) -> String {
        self.index[col]
            .map(|i| self.headers[i].clone())
            .unwrap_or_default()
    }
}

fn read_table(
    kind: Kind,
    input: &Input,
    renames: &[(String, String)],
    errors: &mut Vec<ImportError>,
) -> Option<Table> {
    let err = |line: Option<u64>, column: Option<String>, message: String| ImportError {
        file: input.path.clone(),
        line,
        column,
        message,
    };
    let text = input.text.strip_prefix('\u{feff}').unwrap_or(&input.text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_string()).collect(),
        Err(e) => {
            errors.push(err(
                Some(1),
                None,
                format!("cannot read the header row: {e}"),
            ));
            return None;
        }
    };
    let mut index = Vec::new();
    let mut ok = true;
    for &(key, required) in kind.columns() {
        let prefixed = format!("{}.{key}", kind.as_str());
        let wanted = renames
            .iter()
            .rev()
            .find(|(k, _)| *k == prefixed || k == key)
            .map(|(_, v)| v.as_str())
            .unwrap_or(key);
        let found = headers
            .iter()
            .position(|h| h == wanted || h.eq_ignore_ascii_case(wanted));
        if found.is_none() && required {
            let hint = closest(wanted, headers.iter().map(String::as_str))
                .map(|c| format!(" Did you mean `{c}`? If so, pass --column {prefixed}=\"{c}\"."))
                .unwrap_or_else(|| {
                    format!(" Name the column with --column {prefixed}=\"HEADER\".")
                });
            errors.push(err(
                Some(1),
                None,
                format!(
                    "the {} file has no column `{wanted}` (found: {}).{hint}",
                    kind.as_str(),
                    headers.join(", ")
                ),
            ));
            ok = false;
        }
        index.push(found);
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        match record {
            Ok(rec) => {
                let line = rec.position().map(|p| p.line()).unwrap_or(0);
                for (i, field) in rec.iter().enumerate() {
                    if field.contains('\0') {
                        let column = headers
                            .get(i)
                            .cloned()
                            .unwrap_or_else(|| (i + 1).to_string());
                        errors.push(err(
                            Some(line),
                            Some(column),
                            "this cell holds a NUL character, which no text in Trellis may hold"
                                .into(),
                        ));
                        ok = false;
                    }
                }
                rows.push((line, rec));
            }
            Err(e) => {
                let line = e.position().map(|p| p.line());
                let message = crate::csv_import::row_error(&e);
                errors.push(err(line, None, message));
                ok = false;
            }
        }
    }
    ok.then_some(Table {
        path: input.path.clone(),
        index,
        headers,
        rows,
    })
}

/// A CSV row the reader could not read, in words: too many or too few fields, not UTF-8.
pub(crate) fn row_error(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("this row has {len} fields but the header has {expected_len}"),
        csv::ErrorKind::Utf8 { .. } => "this row is not valid UTF-8 text".to_string(),
        _ => format!("cannot read this row: {e}"),
    }
}

/// Guesses a person's discipline from a job title; `None` when the title does not say.
pub fn function_from_title(title: &str) -> Option<Function> {
    let t = title.to_lowercase();
    let has = |w: &str| t.contains(w);
    let word = |w: &str| t.split(|c: char| !c.is_alphanumeric()).any(|x| x == w);
    if has("design") && !has("engineer") {
        Some(Function::Design)
    } else if has("research") && !has("engineer") {
        Some(Function::Research)
    } else if has("product manag")
        || word("pm")
        || word("gpm")
        || has("product lead")
        || has("head of product")
        || has("vp product")
        || has("vp of product")
        || has("product director")
        || has("director of product")
        || has("product management")
        || has("chief product")
        || word("cpo")
    {
        Some(Function::Product)
    } else if has("engineer")
        || has("developer")
        || word("cto")
        || word("sre")
        || has("devops")
        || has("architect")
        || has("tech lead")
        || word("em")
    {
        Some(Function::Engineering)
    } else if has("data") || has("analyst") || has("scientist") {
        Some(Function::Data)
    } else if has("marketing") {
        Some(Function::Marketing)
    } else {
        None
    }
}

/// Runs the import. Either every file is valid and the org files are returned, or every
/// problem found is returned and nothing is produced.
pub fn import(opts: &Options) -> Result<Imported, Vec<ImportError>> {
    let mut errors = Vec::new();
    let Some(people_input) = &opts.people else {
        return Err(vec![ImportError {
            file: "--people".into(),
            line: None,
            column: None,
            message: "a people file is required".into(),
        }]);
    };
    for (key, _) in &opts.columns {
        let bare = key.rsplit('.').next().unwrap_or(key);
        let prefix = key.split_once('.').map(|(p, _)| p);
        let kinds = [Kind::People, Kind::Teams, Kind::Groups, Kind::Surfaces];
        let known = kinds.iter().any(|k| {
            (prefix.is_none() || prefix == Some(k.as_str()))
                && k.columns().iter().any(|(c, _)| *c == bare)
        });
        if !known {
            let all: Vec<String> = kinds
                .iter()
                .flat_map(|k| {
                    k.columns()
                        .iter()
                        .map(move |(c, _)| format!("{}.{c}", k.as_str()))
                })
                .collect();
            errors.push(ImportError {
                file: "--column".into(),
                line: None,
                column: None,
                message: format!(
                    "`{key}` is not a column Trellis reads; known columns: {}",
                    all.join(", ")
                ),
            });
        }
    }
    let people = read_table(Kind::People, people_input, &opts.columns, &mut errors);
    let teams = opts
        .teams
        .as_ref()
        .and_then(|i| read_table(Kind::Teams, i, &opts.columns, &mut errors));
    let groups = opts
        .groups
        .as_ref()
        .and_then(|i| read_table(Kind::Groups, i, &opts.columns, &mut errors));
    let surfaces = opts
        .surfaces
        .as_ref()
        .and_then(|i| read_table(Kind::Surfaces, i, &opts.columns, &mut errors));
    let Some(people) = people else {
        return Err(errors);
    };
    if !errors.is_empty() {
        return Err(errors);
    }

    let mut org = Org::default();
    let at = |tab: &Table, line: u64, col: usize, message: String| ImportError {
        file: tab.path.clone(),
        line: Some(line),
        column: Some(tab.header(col)),
        message,
    };

    // People: ids unique and present, managers known.
    let mut person_line: Map<String, u64> = Map::default();
    let mut person_pos: Map<String, usize> = Map::default();
    for (line, row) in &people.rows {
        let id = people.get(row, 0);
        if id.is_empty() {
            errors.push(at(&people, *line, 0, "the employee id is empty".into()));
            continue;
        }
        if let Some(first) = person_line.get(id) {
            errors.push(at(
                &people,
                *line,
                0,
                format!("employee id `{id}` is already used on line {first}"),
            ));
            continue;
        }
        person_line.insert(id.to_string(), *line);
        person_pos.insert(id.to_string(), org.people.len());
        let name = people.get(row, 1);
        if name.is_empty() {
            errors.push(at(
                &people,
                *line,
                1,
                format!("the name of `{id}` is empty"),
            ));
        }
        let title = people.get(row, 2);
        let email = people.get(row, 4);
        if !email.is_empty() && !trellis_model::looks_like_email(email) {
            errors.push(at(
                &people,
                *line,
                4,
                format!("`{email}`, the e-mail of `{id}`, is not an e-mail address"),
            ));
        }
        org.people.push(Person {
            id: unplaced_ref(id),
            name: (!name.is_empty()).then(|| unplaced_text(name)),
            title: (!title.is_empty()).then(|| unplaced_text(title)),
            function: function_from_title(title),
            reports_to: None,
            management_interest: None,
            email: (!email.is_empty()).then(|| unplaced_text(email)),
        });
    }
    for (line, row) in &people.rows {
        let manager = people.get(row, 3);
        if manager.is_empty() {
            continue;
        }
        let id = people.get(row, 0);
        if !person_line.contains_key(manager) {
            let hint = did_you_mean(manager, person_line.keys().map(String::as_str));
            errors.push(at(
                &people,
                *line,
                3,
                format!("the manager of `{id}` is `{manager}`, who is not in the file.{hint}"),
            ));
        } else if manager == id {
            errors.push(at(
                &people,
                *line,
                3,
                format!("`{id}` is listed as their own manager"),
            ));
        } else if let Some(&pos) = person_pos.get(id) {
            org.people[pos].reports_to = Some(unplaced_ref(manager));
        }
    }
    let check_person = |tab: &Table,
                        line: u64,
                        col: usize,
                        errors: &mut Vec<ImportError>,
                        role: &str|
     -> Option<Ref> {
        let id = tab
            .rows
            .iter()
            .find(|(l, _)| *l == line)
            .map(|(_, row)| tab.get(row, col))
            .unwrap_or("");
        if id.is_empty() {
            return None;
        }
        if person_line.contains_key(id) {
            Some(unplaced_ref(id))
        } else {
            errors.push(at(
                tab,
                line,
                col,
                format!("the {role} `{id}` is not in the people file"),
            ));
            None
        }
    };

    // Groups: known leads; only used to label teams.
    let mut group_names: Map<String, (String, Vec<String>)> = Map::default();
    if let Some(g) = &groups {
        for (line, row) in &g.rows {
            let id = g.get(row, 0);
            if id.is_empty() {
                errors.push(at(g, *line, 0, "the group id is empty".into()));
                continue;
            }
            if group_names.contains_key(id) {
                errors.push(at(g, *line, 0, format!("group id `{id}` is used twice")));
                continue;
            }
            let mut leads = Vec::new();
            for (col, role) in [(2, "product lead"), (3, "engineering lead")] {
                if let Some(p) = check_person(g, *line, col, &mut errors, role) {
                    leads.push(format!("{role}: {}", p.id));
                }
            }
            group_names.insert(id.to_string(), (g.get(row, 1).to_string(), leads));
        }
    }

    // Teams.
    let mut team_line: Map<String, u64> = Map::default();
    let mut team_group: Vec<Option<String>> = Vec::new();
    if let Some(tab) = &teams {
        for (line, row) in &tab.rows {
            let id = tab.get(row, 0);
            if id.is_empty() {
                errors.push(at(tab, *line, 0, "the team id is empty".into()));
                continue;
            }
            if let Some(first) = team_line.get(id) {
                errors.push(at(
                    tab,
                    *line,
                    0,
                    format!("team id `{id}` is already used on line {first}"),
                ));
                continue;
            }
            team_line.insert(id.to_string(), *line);
            let group = tab.get(row, 2);
            if !group.is_empty() && groups.is_some() && !group_names.contains_key(group) {
                errors.push(at(
                    tab,
                    *line,
                    2,
                    format!("group `{group}` is not in the groups file"),
                ));
            }
            let name = tab.get(row, 1);
            let leads = Leads {
                product: check_person(tab, *line, 3, &mut errors, "product lead"),
                engineering: check_person(tab, *line, 4, &mut errors, "engineering lead"),
                design: check_person(tab, *line, 5, &mut errors, "design lead"),
            };
            team_group.push((!group.is_empty()).then(|| group.to_string()));
            org.teams.push(Team {
                name: Some(unplaced_text(if name.is_empty() { id } else { name })),
                leads,
                ..Team::new(unplaced_ref(id))
            });
        }
    }

    // The same name on several rows, in the file's order.
    let mut by_name: Vec<(String, Vec<(String, u64)>)> = Vec::new();
    let mut name_at: Map<String, usize> = Map::default();
    for (line, row) in &people.rows {
        let (id, name) = (people.get(row, 0), people.get(row, 1));
        if name.is_empty() || id.is_empty() {
            continue;
        }
        let at = *name_at.entry(name.to_lowercase()).or_insert_with(|| {
            by_name.push((name.to_string(), Vec::new()));
            by_name.len() - 1
        });
        by_name[at].1.push((id.to_string(), *line));
    }
    let same_names: Vec<(String, Vec<(String, u64)>)> = by_name
        .into_iter()
        .filter(|(_, rows)| rows.len() > 1)
        .collect();

    // Surfaces, and the teams that own them.
    let mut caretakers = Vec::new();
    if let Some(tab) = &surfaces {
        let mut seen: Set<String> = Set::default();
        for (line, row) in &tab.rows {
            let id = tab.get(row, 0);
            if id.is_empty() {
                errors.push(at(tab, *line, 0, "the surface id is empty".into()));
                continue;
            }
            if !seen.insert(id.to_string()) {
                errors.push(at(
                    tab,
                    *line,
                    0,
                    format!("surface id `{id}` is used twice"),
                ));
                continue;
            }
            let owner = tab.get(row, 3);
            // Owner (or nothing said): the team owns it. Caretaker: the team keeps it running
            // until someone owns it, which is not ownership; said in the description instead.
            let model = tab.get(row, 4);
            let caretaker = match model.to_ascii_lowercase().as_str() {
                "" | "owner" => false,
                "caretaker" => true,
                _ => {
                    errors.push(at(
                        tab,
                        *line,
                        4,
                        format!(
                            "`{model}` is not an ownership model: write Owner, Caretaker, or leave it empty"
                        ),
                    ));
                    false
                }
            };
            let mut kept_by = None;
            if !owner.is_empty() {
                match org.teams.iter_mut().find(|t| t.id.id == owner) {
                    Some(team) if caretaker => {
                        kept_by = Some(team.display_name().to_string());
                        caretakers.push((id.to_string(), owner.to_string()));
                    }
                    Some(team) => team.charter.owns.push(unplaced_ref(id)),
                    None => errors.push(at(
                        tab,
                        *line,
                        3,
                        format!("owner team `{owner}` is not in the teams file"),
                    )),
                }
            }
            let category = tab.get(row, 2);
            let name = tab.get(row, 1);
            let category = (!category.is_empty() && category != "Unknown").then_some(category);
            let description = match (category, kept_by) {
                (c, Some(team)) => Some(format!(
                    "{}Kept running by {team} as caretaker until a team owns it.",
                    c.map(|c| format!("{c}. ")).unwrap_or_default()
                )),
                (Some(c), None) => Some(c.to_string()),
                (None, None) => None,
            };
            org.surfaces.push(Surface {
                id: unplaced_ref(id),
                name: Some(unplaced_text(if name.is_empty() { id } else { name })),
                description: description.map(|d| unplaced_text(&d)),
                ai: false,
            });
        }
    }

    // The leader: named, or the single root.
    let leader = match &opts.leader {
        Some(l) if person_line.contains_key(l.as_str()) => Some(l.clone()),
        Some(l) => {
            errors.push(ImportError {
                file: "--leader".into(),
                line: None,
                column: None,
                message: format!("`{l}` is not in the people file"),
            });
            None
        }
        None => {
            let roots: Vec<&str> = org
                .people
                .iter()
                .filter(|p| p.reports_to.is_none())
                .map(|p| p.id.id.as_str())
                .collect();
            match roots.as_slice() {
                [one] => Some(one.to_string()),
                [] => {
                    errors.push(ImportError {
                        file: people.path.clone(),
                        line: None,
                        column: None,
                        message: "everyone has a manager, so there is no top of the organisation; pass --leader ID".into(),
                    });
                    None
                }
                many => {
                    errors.push(ImportError {
                        file: people.path.clone(),
                        line: None,
                        column: None,
                        message: format!(
                            "{} people have no manager ({}); pass --leader ID to say whose organisation this is",
                            many.len(),
                            many.iter().take(5).copied().collect::<Vec<_>>().join(", ")
                        ),
                    });
                    None
                }
            }
        }
    };

    if !errors.is_empty() {
        errors.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        return Err(errors);
    }
    org.info = Some(OrgInfo {
        name: Some(unplaced_text(
            opts.name
                .clone()
                .unwrap_or_else(|| "Imported organisation".into()),
        )),
        leader: leader.map(unplaced_ref),
        loc: Loc::default(),
    });

    // Files: org, people, teams (grouped), surfaces.
    let mut files = Vec::new();
    let mut text = format!(
        "# Imported by `trellis import csv` from {}.\n# Teams, charters, decision rights, rituals and succession are yours to add: run `trellis check`.\n",
        [
            Some(people_input),
            opts.teams.as_ref(),
            opts.groups.as_ref(),
            opts.surfaces.as_ref()
        ]
        .into_iter()
        .flatten()
        .map(|i| i.path.as_str())
        .collect::<Vec<_>>()
        .join(", ")
    );
    if let Some(info) = &org.info {
        yaml_out::org_info(&mut text, info);
    }
    files.push(OutFile {
        name: "org.yaml".into(),
        text,
    });

    let mut text = String::new();
    yaml_out::people(&mut text, &org.people);
    files.push(OutFile {
        name: "people.yaml".into(),
        text,
    });

    if !org.teams.is_empty() {
        let mut text = String::from("teams:\n");
        let mut last_group: Option<&str> = None;
        for (team, group) in org.teams.iter().zip(&team_group) {
            let comment = match group.as_deref() {
                Some(g) if Some(g) != last_group => {
                    last_group = Some(g);
                    Some(match group_names.get(g) {
                        Some((name, leads)) if !leads.is_empty() => {
                            format!("Group: {name} ({g}); {}", leads.join(", "))
                        }
                        Some((name, _)) => format!("Group: {name} ({g})"),
                        None => format!("Group: {g}"),
                    })
                }
                _ => None,
            };
            yaml_out::team(&mut text, team, comment.as_deref());
        }
        files.push(OutFile {
            name: "teams.yaml".into(),
            text,
        });
    }
    if !org.surfaces.is_empty() {
        let mut text = String::new();
        yaml_out::surfaces(&mut text, &org.surfaces);
        files.push(OutFile {
            name: "surfaces.yaml".into(),
            text,
        });
    }
    Ok(Imported {
        files,
        org,
        groups: group_names.len(),
        caretakers,
        same_names,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(path: &str, text: &str) -> Option<Input> {
        Some(Input {
            path: path.into(),
            text: text.into(),
        })
    }

    #[test]
    fn a_name_on_two_rows_is_reported_as_a_possible_second_role() {
        let opts = Options {
            people: input(
                "people.csv",
                "employee_id,name,job_title,manager_id\nceo,Ceo,CEO,\nloic,Loïc G,EM Search,ceo\nem_security,Loïc G,\"EM, Security\",ceo\nann,Ann,PM,ceo\n",
            ),
            ..Default::default()
        };
        let out = import(&opts).expect("valid import");
        assert_eq!(out.org.people.len(), 4, "each row stays a person");
        assert_eq!(
            out.same_names,
            [(
                "Loïc G".to_string(),
                vec![("loic".to_string(), 3), ("em_security".to_string(), 4)]
            )]
        );
    }

    #[test]
    fn a_caretaker_is_not_an_owner_and_an_unknown_ownership_model_is_refused() {
        let people = input(
            "people.csv",
            "employee_id,name,job_title,manager_id\nceo,Ceo,CEO,\npm,Pat,Product Manager,ceo\n",
        );
        let teams = input(
            "teams.csv",
            "team_id,name,group_id,product_lead,engineering_lead,design_lead\nt1,Team One,,pm,,\n",
        );
        let opts = Options {
            people: people.clone(),
            teams: teams.clone(),
            surfaces: input(
                "surfaces.csv",
                "surface_id,name,category,owner_team,ownership_model\ns1,Search,Core,t1,Owner\ns2,Tooling,Core,t1,Caretaker\n",
            ),
            ..Default::default()
        };
        let out = import(&opts).expect("valid import");
        let owns: Vec<&str> = out.org.teams[0]
            .charter
            .owns
            .iter()
            .map(|r| r.id.as_str())
            .collect();
        assert_eq!(
            owns,
            ["s1"],
            "a caretaker keeps a surface running; it does not own it"
        );
        assert_eq!(out.caretakers, [("s2".to_string(), "t1".to_string())]);
        let tooling = &out.org.surfaces[1];
        assert_eq!(
            tooling.description.as_ref().map(|d| d.text.as_str()),
            Some("Core. Kept running by Team One as caretaker until a team owns it.")
        );
        let opts = Options {
            people,
            teams,
            surfaces: input(
                "surfaces.csv",
                "surface_id,name,category,owner_team,ownership_model\ns1,Search,Core,t1,Steward\n",
            ),
            ..Default::default()
        };
        let errors = import(&opts).expect_err("refused");
        assert_eq!(
            errors[0].to_string(),
            "surfaces.csv:2: column `ownership_model`: `Steward` is not an ownership model: write Owner, Caretaker, or leave it empty"
        );
    }

    #[test]
    fn imports_people_teams_and_surfaces() {
        let opts = Options {
            people: input(
                "people.csv",
                "employee_id,name,job_title,manager_id\nceo,Ceo,CEO,\npm,Pat,Product Manager,ceo\nen,Eve,Software Engineer,ceo\n",
            ),
            teams: input(
                "teams.csv",
                "team_id,name,group_id,product_lead,engineering_lead,design_lead\nt1,Team One,,pm,en,\n",
            ),
            surfaces: input(
                "surfaces.csv",
                "surface_id,name,category,owner_team,ownership_model\ns1,Search,Core,t1,Owner\ns2,Admin,Unknown,,\n",
            ),
            ..Default::default()
        };
        let out = import(&opts).expect("valid import");
        assert_eq!(out.org.people.len(), 3);
        assert_eq!(out.org.leader().map(|l| l.id.as_str()), Some("ceo"));
        assert_eq!(out.org.people[1].function, Some(Function::Product));
        assert_eq!(out.org.teams[0].charter.owns[0].id, "s1");
        let names: Vec<_> = out.files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            names,
            ["org.yaml", "people.yaml", "teams.yaml", "surfaces.yaml"]
        );
        // The written files load back cleanly into the same people and teams.
        let sources = Sources::new(
            out.files
                .iter()
                .map(|f| SourceFile {
                    path: f.name.clone(),
                    text: f.text.clone(),
                })
                .collect(),
        );
        let loaded = load(&sources);
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        assert_eq!(loaded.org.people.len(), 3);
        assert_eq!(
            loaded.org.teams[0]
                .leads
                .product
                .as_ref()
                .map(|r| r.id.as_str()),
            Some("pm")
        );
    }

    #[test]
    fn bad_rows_are_located_and_nothing_is_produced() {
        let opts = Options {
            people: input(
                "people.csv",
                "employee_id,name,job_title,manager_id\na,A,,\nb,B,,zz\na,Again,,\n,Nobody,,a\n",
            ),
            teams: input(
                "teams.csv",
                "team_id,name,group_id,product_lead,engineering_lead,design_lead\nt,T,,ghost,,\n",
            ),
            ..Default::default()
        };
        let errors = import(&opts).expect_err("invalid");
        let shown: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert!(shown.contains(&"people.csv:3: column `manager_id`: the manager of `b` is `zz`, who is not in the file.".to_string()), "{shown:#?}");
        assert!(shown.iter().any(|s| s.starts_with(
            "people.csv:4: column `employee_id`: employee id `a` is already used on line 2"
        )));
        assert!(shown.iter().any(|s| {
            s.starts_with("people.csv:5: column `employee_id`: the employee id is empty")
        }));
        assert!(shown.iter().any(|s| {
            s.starts_with("teams.csv:2: column `product_lead`: the product lead `ghost`")
        }));
    }

    #[test]
    fn an_email_column_is_kept_and_a_bad_address_named_by_row() {
        let people = "employee_id,name,job_title,manager_id,email\na,A,,,a@x.example\nb,B,,a,\n";
        let out = import(&Options {
            people: input("people.csv", people),
            ..Default::default()
        })
        .expect("imported");
        assert_eq!(
            out.org.people[0].email.as_ref().map(|e| e.text.as_str()),
            Some("a@x.example")
        );
        assert!(out.org.people[1].email.is_none());
        let written: String = out.files.iter().map(|f| f.text.as_str()).collect();
        assert!(written.contains("email: \"a@x.example\""), "{written}");
        let errors = import(&Options {
            people: input("people.csv", &people.replace(",\n", ",b at x\n")),
            ..Default::default()
        })
        .expect_err("a bad address");
        assert_eq!(
            errors[0].to_string(),
            "people.csv:3: column `email`: `b at x`, the e-mail of `b`, is not an e-mail address"
        );
    }

    #[test]
    fn renamed_columns_and_missing_headers() {
        let text = "ID,Full name,Title,Supervisor ID\na,A,,\nb,B,,a\n";
        let mut opts = Options {
            people: input("hr.csv", text),
            ..Default::default()
        };
        let errors = import(&opts).expect_err("headers differ");
        assert!(errors[0].message.contains("no column `employee_id`"));
        opts.columns = vec![
            ("employee_id".into(), "ID".into()),
            ("name".into(), "Full name".into()),
            ("job_title".into(), "Title".into()),
            ("manager_id".into(), "Supervisor ID".into()),
        ];
        let out = import(&opts).expect("mapped");
        assert_eq!(
            out.org.people[1].reports_to.as_ref().map(|r| r.id.as_str()),
            Some("a")
        );
    }

    #[test]
    fn ragged_rows_and_several_roots() {
        let opts = Options {
            people: input("p.csv", "employee_id,name,job_title,manager_id\na,A\n"),
            ..Default::default()
        };
        let errors = import(&opts).expect_err("ragged");
        assert_eq!(errors[0].line, Some(2));
        assert!(errors[0].message.contains("2 fields but the header has 4"));
        let opts = Options {
            people: input(
                "p.csv",
                "employee_id,name,job_title,manager_id\na,A,,\nb,B,,\n",
            ),
            ..Default::default()
        };
        let errors = import(&opts).expect_err("two roots");
        assert!(errors[0].message.contains("pass --leader"));
    }

    #[test]
    fn titles_map_to_functions() {
        assert_eq!(
            function_from_title("Senior Product Designer"),
            Some(Function::Design)
        );
        assert_eq!(function_from_title("VP Product"), Some(Function::Product));
        assert_eq!(
            function_from_title("Engineering Manager"),
            Some(Function::Engineering)
        );
        assert_eq!(
            function_from_title("CTO, Cofounder"),
            Some(Function::Engineering)
        );
        assert_eq!(function_from_title("Sales Director"), None);
    }
}
