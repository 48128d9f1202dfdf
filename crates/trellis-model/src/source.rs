//! Source files and positions. The model never reads files itself: callers hand it text.

/// Index of a file in [`Sources`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

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
}

impl Sources {
    pub fn new(files: Vec<SourceFile>) -> Self {
        Sources { files }
    }

    pub fn path(&self, file: FileId) -> &str {
        self.files
            .get(file.0 as usize)
            .map(|f| f.path.as_str())
            .unwrap_or("<unknown>")
    }

    /// The text of a 1-based line, without its line break.
    pub fn line_text(&self, loc: Loc) -> Option<&str> {
        let file = self.files.get(loc.file.0 as usize)?;
        let index = (loc.line as usize).checked_sub(1)?;
        file.text.lines().nth(index)
    }
}
