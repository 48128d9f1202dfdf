//! Source files and positions. The model never reads files itself: callers hand it text.

/// Index of a file in [`Sources`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

impl FileId {
    /// Not a file: findings from the operating log (meetings, decisions, …) point here.
    pub const OPERATING_LOG: FileId = FileId(u32::MAX);
    /// Not a file: findings from the talent records point here.
    pub const TALENT: FileId = FileId(u32::MAX - 1);
}

/// A position in an org file: 1-based line and column (in characters), and the length of the
/// marked text in characters (at least 1) for carets.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Loc {
    pub file: FileId,
    pub line: u32,
    pub col: u32,
    pub len: u32,
}

impl Loc {
    pub fn new(file: FileId, line: u32, col: u32, len: u32) -> Self {
        Loc {
            file,
            line,
            col,
            len: len.max(1),
        }
    }
}

/// One org file: the path as the user named it, and its text.
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub path: String,
    pub text: String,
}

/// All files of one org, in load order (sorted by path by the caller).
#[derive(Clone, Debug, Default)]
pub struct Sources {
    pub files: Vec<SourceFile>,
    /// Byte offsets of line starts per file, computed the first time a line is shown.
    line_starts: Vec<std::sync::OnceLock<Vec<usize>>>,
}

impl Sources {
    pub fn new(files: Vec<SourceFile>) -> Self {
        let line_starts = files.iter().map(|_| std::sync::OnceLock::new()).collect();
        Sources { files, line_starts }
    }

    /// Sources from `(path, text)` pairs, as the store keeps a version's files.
    pub fn from_pairs(files: Vec<(String, String)>) -> Self {
        Sources::new(
            files
                .into_iter()
                .map(|(path, text)| SourceFile { path, text })
                .collect(),
        )
    }

    pub fn path(&self, file: FileId) -> &str {
        if file == FileId::OPERATING_LOG {
            return "operating log";
        }
        if file == FileId::TALENT {
            return "talent records";
        }
        self.files
            .get(file.0 as usize)
            .map(|f| f.path.as_str())
            .unwrap_or("<unknown>")
    }

    /// The text of a 1-based line, without its line break.
    pub fn line_text(&self, loc: Loc) -> Option<&str> {
        let file = self.files.get(loc.file.0 as usize)?;
        let starts = self.line_starts.get(loc.file.0 as usize)?.get_or_init(|| {
            std::iter::once(0)
                .chain(file.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        let index = (loc.line as usize).checked_sub(1)?;
        let start = *starts.get(index)?;
        let end = starts
            .get(index + 1)
            .map(|e| e - 1)
            .unwrap_or(file.text.len());
        let line = file.text.get(start..end)?;
        Some(line.strip_suffix('\r').unwrap_or(line))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_text_finds_each_line() {
        let sources = Sources::new(vec![SourceFile {
            path: "a.yaml".into(),
            text: "one\r\ntwo\n\nfour".into(),
        }]);
        let at = |line| sources.line_text(Loc::new(FileId(0), line, 1, 1));
        assert_eq!(at(1), Some("one"));
        assert_eq!(at(2), Some("two"));
        assert_eq!(at(3), Some(""));
        assert_eq!(at(4), Some("four"));
        assert_eq!(at(5), None);
        assert_eq!(at(0), None);
    }
}
