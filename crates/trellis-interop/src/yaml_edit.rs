//! Writing an edit back into an org file the way a careful person would: only the list items
//! (people, teams, surfaces, initiatives, rituals) that changed are rewritten, in place, with
//! the file's own indentation; every comment, blank line and item around them stays as it was.
//! The result is loaded again and must say exactly what the edited model says; when it does
//! not (an edit of another shape: the org's name, the portfolio, a reordering), the whole file
//! is written in the canonical style instead, as [`yaml_out::file_of`] does.

use crate::yaml_out;
use trellis_model::{FileId, Org, Sources};

/// The kinds of list item an edit rewrites one by one.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Person,
    Surface,
    Team,
    Initiative,
    Ritual,
}

/// One list item of a file: its kind and id, where its id is (1-based line and column), and
/// its text in the canonical style (dash at column 3, i.e. two spaces in).
struct Item {
    kind: Kind,
    id: String,
    line: u32,
    text: String,
}

/// Drops the section header a list writer puts first (`people:`), keeping the item.
fn body(mut text: String) -> String {
    match text.find('\n') {
        Some(i) => text.split_off(i + 1),
        None => text,
    }
}

fn items(o: &Org, file: FileId) -> Vec<Item> {
    let mut out = Vec::new();
    for p in o.people.iter().filter(|p| p.id.loc.file == file) {
        let mut t = String::new();
        yaml_out::people(&mut t, std::slice::from_ref(p));
        out.push(Item {
            kind: Kind::Person,
            id: p.id.id.clone(),
            line: p.id.loc.line,
            text: body(t),
        });
    }
    for s in o.surfaces.iter().filter(|s| s.id.loc.file == file) {
        let mut t = String::new();
        yaml_out::surfaces(&mut t, std::slice::from_ref(s));
        out.push(Item {
            kind: Kind::Surface,
            id: s.id.id.clone(),
            line: s.id.loc.line,
            text: body(t),
        });
    }
    for team in o.teams.iter().filter(|t| t.id.loc.file == file) {
        let mut t = String::new();
        yaml_out::team(&mut t, team, None);
        out.push(Item {
            kind: Kind::Team,
            id: team.id.id.clone(),
            line: team.id.loc.line,
            text: t,
        });
    }
    for i in o.initiatives.iter().filter(|i| i.id.loc.file == file) {
        let mut t = String::new();
        yaml_out::initiatives(&mut t, std::slice::from_ref(i));
        out.push(Item {
            kind: Kind::Initiative,
            id: i.id.id.clone(),
            line: i.id.loc.line,
            text: body(t),
        });
    }
    for r in o.rituals.iter().filter(|r| r.id.loc.file == file) {
        let mut t = String::new();
        yaml_out::rituals(&mut t, std::slice::from_ref(r));
        out.push(Item {
            kind: Kind::Ritual,
            id: r.id.id.clone(),
            line: r.id.loc.line,
            text: body(t),
        });
    }
    out
}

/// Column (0-based) of a line's first character that is not a space, if it has content that
/// is not a comment.
fn content_at(line: &str) -> Option<usize> {
    let trimmed = line.trim_start_matches(' ');
    let t = trimmed.trim_end();
    (!t.is_empty() && !t.starts_with('#')).then(|| line.len() - trimmed.len())
}

/// The lines (0-based, inclusive) of the list item whose id is on line `id_line` (0-based),
/// and the column of its dash; None when the layout is not a plain block list item.
fn span(lines: &[&str], id_line: usize) -> Option<(usize, usize, usize)> {
    let key_col = content_at(lines.get(id_line)?)?;
    let mut start = None;
    for i in (0..=id_line).rev() {
        let Some(col) = content_at(lines[i]) else {
            continue;
        };
        let is_item = lines[i][col..].starts_with("- ") || lines[i][col..].starts_with("-{");
        if is_item && (i == id_line || col < key_col) {
            start = Some((i, col));
            break;
        }
        if i != id_line && col < key_col {
            return None;
        }
    }
    let (start, dash) = start?;
    let mut end = start;
    for (i, line) in lines.iter().enumerate().skip(start + 1) {
        match content_at(line) {
            None => continue,
            Some(col) if col > dash => end = i,
            Some(_) => break,
        }
    }
    (end >= id_line).then_some((start, end, dash))
}

/// `text` (canonical, dash at column 2) moved so its dash is at column `dash`.
fn indented(text: &str, dash: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let own = line.len() - line.trim_start_matches(' ').len();
        let col = (own + dash).saturating_sub(2);
        out.push_str(&" ".repeat(col));
        out.push_str(line.trim_start_matches(' '));
        out.push('\n');
    }
    out
}

/// Lines of one block mapping (a list item's, its first line starting with the dash, or a
/// nested one) cut at its keys: (key, the key's lines with what is nested under it). None
/// when they are not a mapping with its keys at one column.
fn keys_of<'a>(lines: &[&'a str]) -> Option<Vec<(&'a str, Vec<&'a str>)>> {
    let first = lines.first()?;
    let col = content_at(first)?;
    let key_col = match first[col..].strip_prefix('-') {
        Some(rest) => col + 1 + (rest.len() - rest.trim_start_matches(' ').len()),
        None => col,
    };
    let key = |line: &'a str| -> Option<&'a str> {
        let text = line.get(key_col..)?;
        let (k, _) = text.split_once(':')?;
        (!k.is_empty() && !k.contains([' ', '{', '[', '"', '\'', '-'])).then_some(k)
    };
    let mut blocks: Vec<(&str, Vec<&str>)> = vec![(key(first)?, vec![*first])];
    for line in &lines[1..] {
        match content_at(line) {
            Some(col) if col == key_col => blocks.push((key(line)?, vec![*line])),
            Some(col) if col < key_col => return None,
            _ => blocks.last_mut()?.1.push(*line),
        }
    }
    Some(blocks)
}

/// Whether a key's lines are `key:` with a mapping nested under it.
fn nests(block: &[&str]) -> bool {
    block.len() > 1
        && block[0].trim_end().ends_with(':')
        && block[1..]
            .iter()
            .find_map(|l| content_at(l).map(|c| !l[c..].starts_with('-')))
            .unwrap_or(false)
}

/// The mapping `original` (its lines in the file) after its canonical text changed from `was`
/// to `is`: each key whose value did not change keeps its lines as they are (quoting,
/// comments, notes at the line's end); a nested mapping that changed is merged the same way,
/// key by key; the rest is written canonically. None when `original` does not have the keys of
/// `was` in its order.
fn merged(original: &[&str], was: &[&str], is: &[&str], out: &mut Vec<String>) -> Option<()> {
    let original = keys_of(original)?;
    let was = keys_of(was)?;
    let is = keys_of(is)?;
    if !original
        .iter()
        .map(|(k, _)| k)
        .eq(was.iter().map(|(k, _)| k))
    {
        return None;
    }
    for (key, lines) in &is {
        let at = was.iter().position(|(k, _)| k == key);
        match at {
            Some(p) if &was[p].1 == lines => {
                out.extend(original[p].1.iter().map(|l| l.to_string()));
            }
            Some(p) if nests(&original[p].1) && nests(&was[p].1) && nests(lines) => {
                let mut inner = Vec::new();
                match merged(&original[p].1[1..], &was[p].1[1..], &lines[1..], &mut inner) {
                    Some(()) => {
                        out.push(original[p].1[0].to_string());
                        out.extend(inner);
                    }
                    None => out.extend(lines.iter().map(|l| l.to_string())),
                }
            }
            _ => out.extend(lines.iter().map(|l| l.to_string())),
        }
    }
    Some(())
}

/// The item `original` (its lines in the file) after the change from canonical text `was` to
/// canonical text `is`, key by key ([`merged`]).
fn by_key(original: &[&str], was: &str, is: &str, dash: usize) -> Option<String> {
    let was = indented(was, dash);
    let is = indented(is, dash);
    let was: Vec<&str> = was.lines().collect();
    let is: Vec<&str> = is.lines().collect();
    let original: Vec<&str> = original
        .iter()
        .map(|l| l.trim_end_matches(['\n', '\r']))
        .collect();
    let mut out = Vec::new();
    merged(&original, &was, &is, &mut out)?;
    let mut text = out.join("\n");
    text.push('\n');
    Some(text)
}

/// The text of `file` after an edit that turned `old` (loaded from `sources`) into `new`:
/// only the changed items rewritten when that says the same as `new`, otherwise the whole file
/// in the canonical style.
pub fn edited_file(sources: &Sources, old: &Org, new: &Org, file: FileId) -> String {
    let whole = yaml_out::file_of(new, file);
    let Some(source) = sources.files.get(file.0 as usize) else {
        return whole;
    };
    match spliced(&source.text, old, new, file) {
        Some(text) if says_the_same(&source.path, &text, &whole) => text,
        _ => whole,
    }
}

/// Whether `text`, loaded as the file `path`, gives the same canonical file as `expected`.
fn says_the_same(path: &str, text: &str, expected: &str) -> bool {
    let loaded = trellis_model::load(&Sources::from_pairs(vec![(
        path.to_string(),
        text.to_string(),
    )]));
    yaml_out::file_of(&loaded.org, FileId(0)) == expected
}

fn spliced(text: &str, old: &Org, new: &Org, file: FileId) -> Option<String> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let before = items(old, file);
    let after = items(new, file);
    // (first line, last line, replacement), in file order.
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    // The last line and dash column of each kind's last item, where new items go.
    let mut last_of: Vec<(Kind, usize, usize)> = Vec::new();
    for item in &before {
        let (start, end, dash) = span(&lines, item.line.checked_sub(1)? as usize)?;
        match after
            .iter()
            .find(|a| a.kind == item.kind && a.id == item.id)
        {
            None => edits.push((start, end, String::new())),
            Some(a) if a.text != item.text => {
                let original = &lines[start..=end];
                let text = by_key(original, &item.text, &a.text, dash)
                    .unwrap_or_else(|| indented(&a.text, dash));
                edits.push((start, end, text));
            }
            Some(_) => {}
        }
        match last_of.iter_mut().find(|(k, _, _)| *k == item.kind) {
            Some(last) if last.1 < end => *last = (item.kind, end, dash),
            Some(_) => {}
            None => last_of.push((item.kind, end, dash)),
        }
    }
    for a in &after {
        if before.iter().any(|b| b.kind == a.kind && b.id == a.id) {
            continue;
        }
        let &(_, end, dash) = last_of.iter().find(|(k, _, _)| *k == a.kind)?;
        // An insertion: an empty range just after the kind's last item.
        edits.push((end + 1, end, indented(&a.text, dash)));
    }
    edits.sort_by_key(|(start, end, _)| (*start, *end));
    let mut out = String::with_capacity(text.len() + 256);
    let mut next = 0;
    for (start, end, replacement) in edits {
        if start < next {
            return None;
        }
        for line in &lines[next..start] {
            out.push_str(line);
        }
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(&replacement);
        next = next.max(end + 1);
    }
    for line in &lines[next.min(lines.len())..] {
        out.push_str(line);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "\
# The commerce teams. Ask Dana before adding one.
teams:
  # Checkout: the money path.
  - id: checkout
    name: Checkout
    pattern: product-line   # set in the 2026 reorg
    leads: { product: li }

  # Search: finding things.
  - id: search
    name: Search
    leads: { product: li }
# End of teams.
";

    fn org_of(text: &str) -> (Sources, Org) {
        let sources = Sources::from_pairs(vec![("teams.yaml".into(), text.into())]);
        let org = trellis_model::load(&sources).org;
        (sources, org)
    }

    #[test]
    fn an_edited_team_is_rewritten_alone_and_every_comment_stays() {
        let (sources, old) = org_of(FILE);
        let mut new = old.clone();
        new.teams[1].name = Some(yaml_out::unplaced_text("Search and Discovery"));
        let text = edited_file(&sources, &old, &new, FileId(0));
        assert_eq!(
            text,
            FILE.replace("    name: Search\n", "    name: Search and Discovery\n")
        );
    }

    #[test]
    fn inside_an_edited_item_only_the_changed_keys_are_rewritten() {
        let file = "\
teams:
    - id: checkout        # four spaces in, as this team likes it
      name: 'Checkout'
      pattern: product-line   # set in the 2026 reorg
      # The charter was agreed with finance.
      charter:
        mission: Take the money.
        owns: [cart, payments]   # payments moves in Q3
        goals:
          - \"conversion up 2%\"
";
        let (sources, old) = org_of(file);
        let mut new = old.clone();
        new.teams[0].charter.mission = Some(yaml_out::unplaced_text("Take the money, kindly."));
        let text = edited_file(&sources, &old, &new, FileId(0));
        assert_eq!(
            text,
            file.replace(
                "mission: Take the money.",
                "mission: \"Take the money, kindly.\""
            ),
            "only the mission's line changes"
        );
    }

    #[test]
    fn items_keep_the_files_indentation_and_new_ones_follow_the_last() {
        let file = "people:\n- { id: li, name: Li }   # the first\n# a note between\n- id: sam\n  name: Sam\n";
        let (sources, old) = org_of(file);
        let mut new = old.clone();
        new.people[1].title = Some(yaml_out::unplaced_text("Engineer"));
        let mut added = new.people[0].clone();
        added.id = yaml_out::unplaced_ref("noor");
        added.name = Some(yaml_out::unplaced_text("Noor"));
        new.people.push(added);
        let text = edited_file(&sources, &old, &new, FileId(0));
        assert_eq!(
            text,
            "people:\n- { id: li, name: Li }   # the first\n# a note between\n- { id: sam, name: Sam, title: Engineer }\n- { id: noor, name: Noor }\n"
        );
        // Removing one takes its lines only.
        let mut fewer = old.clone();
        fewer.people.remove(0);
        assert_eq!(
            edited_file(&sources, &old, &fewer, FileId(0)),
            "people:\n# a note between\n- id: sam\n  name: Sam\n"
        );
    }

    #[test]
    fn an_edit_of_another_shape_writes_the_file_canonically() {
        let (sources, old) = org_of(FILE);
        let mut new = old.clone();
        new.teams.swap(0, 1);
        assert_eq!(
            edited_file(&sources, &old, &new, FileId(0)),
            yaml_out::file_of(&new, FileId(0)),
            "a reordering is not a splice"
        );
        let unchanged = edited_file(&sources, &old, &old, FileId(0));
        assert_eq!(unchanged, FILE, "no change, no rewrite");
    }
}
