//! The utilities: each takes argv and stdin through a [`Ctx`] and returns its exit status.
//! One module per area; [`lookup`] maps a command name to its implementation.

use dockyard_vfs::{FsError, normalize};

use crate::Flavor;
use crate::args::{self, ArgError, Parsed, Spec};
use crate::system::{Io, System};

mod files;
mod ls;
mod net;
mod sysinfo;
pub(crate) mod text;
pub(crate) mod usage;

pub(crate) use sysinfo::which_path;

/// What a utility runs with.
pub(crate) struct Ctx<'a> {
    pub sys: &'a mut dyn System,
    pub io: &'a mut Io,
    pub stdin: &'a str,
    pub flavor: Flavor,
    /// Whether stdout is a terminal (`ls` prints columns, `curl` no progress meter).
    pub tty: bool,
    /// The program name for messages (`ls`).
    pub prog: String,
}

pub(crate) type Util = fn(&mut Ctx, &[String]) -> i32;

/// The utility called `name`, if this crate implements it.
pub(crate) fn lookup(name: &str) -> Option<Util> {
    Some(match name {
        "cat" => files::cat,
        "ls" => ls::ls,
        "mkdir" => files::mkdir,
        "rmdir" => files::rmdir,
        "touch" => files::touch,
        "rm" => files::rm,
        "cp" => files::cp,
        "mv" => files::mv,
        "ln" => files::ln,
        "chmod" => files::chmod,
        "find" => files::find,
        "du" => files::du,
        "df" => files::df,
        "basename" => files::basename,
        "dirname" => files::dirname,
        "printenv" => sysinfo::printenv,
        "hostname" => sysinfo::hostname,
        "whoami" => sysinfo::whoami,
        "id" => sysinfo::id,
        "uname" => sysinfo::uname,
        "date" => sysinfo::date,
        "sleep" => sysinfo::sleep,
        "ps" => sysinfo::ps,
        "which" => sysinfo::which,
        "clear" => sysinfo::clear,
        "grep" => text::grep,
        "egrep" => text::egrep,
        "fgrep" => text::fgrep,
        "wc" => text::wc,
        "head" => text::head,
        "tail" => text::tail,
        "sort" => text::sort,
        "uniq" => text::uniq,
        "cut" => text::cut,
        "tr" => text::tr,
        "tee" => text::tee,
        "seq" => text::seq,
        "printf" => text::printf,
        "wget" => net::wget,
        "curl" => net::curl,
        "ping" => net::ping,
        "nslookup" => net::nslookup,
        _ => return None,
    })
}

/// Names of all utilities implemented here (shell builtins excluded).
pub(crate) const NAMES: &[&str] = &[
    "basename", "cat", "chmod", "clear", "cp", "curl", "cut", "date", "df", "dirname", "du", "egrep", "fgrep", "find",
    "grep", "head", "hostname", "id", "ln", "ls", "mkdir", "mv", "nslookup", "ping", "printenv", "printf", "ps", "rm",
    "rmdir", "seq", "sleep", "sort", "tail", "tee", "touch", "tr", "uname", "uniq", "wc", "wget", "which", "whoami",
];

/// GNU `--help` synopses (the first paragraph of each tool's help).
fn gnu_synopsis(prog: &str) -> Option<&'static str> {
    Some(match prog {
        "cat" => "Usage: cat [OPTION]... [FILE]...\nConcatenate FILE(s) to standard output.",
        "ls" => "Usage: ls [OPTION]... [FILE]...\nList information about the FILEs (the current directory by default).",
        "mkdir" => "Usage: mkdir [OPTION]... DIRECTORY...\nCreate the DIRECTORY(ies), if they do not already exist.",
        "rmdir" => "Usage: rmdir [OPTION]... DIRECTORY...\nRemove the DIRECTORY(ies), if they are empty.",
        "touch" => {
            "Usage: touch [OPTION]... FILE...\nUpdate the access and modification times of each FILE to the current time."
        }
        "rm" => "Usage: rm [OPTION]... [FILE]...\nRemove (unlink) the FILE(s).",
        "cp" => {
            "Usage: cp [OPTION]... [-T] SOURCE DEST\n  or:  cp [OPTION]... SOURCE... DIRECTORY\n  or:  cp [OPTION]... -t DIRECTORY SOURCE...\nCopy SOURCE to DEST, or multiple SOURCE(s) to DIRECTORY."
        }
        "mv" => {
            "Usage: mv [OPTION]... [-T] SOURCE DEST\n  or:  mv [OPTION]... SOURCE... DIRECTORY\n  or:  mv [OPTION]... -t DIRECTORY SOURCE...\nRename SOURCE to DEST, or move SOURCE(s) to DIRECTORY."
        }
        "ln" => {
            "Usage: ln [OPTION]... [-T] TARGET LINK_NAME\n  or:  ln [OPTION]... TARGET\n  or:  ln [OPTION]... TARGET... DIRECTORY\n  or:  ln [OPTION]... -t DIRECTORY TARGET..."
        }
        "chmod" => {
            "Usage: chmod [OPTION]... MODE[,MODE]... FILE...\n  or:  chmod [OPTION]... OCTAL-MODE FILE...\n  or:  chmod [OPTION]... --reference=RFILE FILE...\nChange the mode of each FILE to MODE."
        }
        "printenv" => {
            "Usage: printenv [OPTION]... [VARIABLE]...\nPrint the values of the specified environment VARIABLE(s).\nIf no VARIABLE is specified, print name and value pairs for them all."
        }
        "whoami" => {
            "Usage: whoami [OPTION]...\nPrint the user name associated with the current effective user ID.\nSame as id -un."
        }
        "id" => {
            "Usage: id [OPTION]... [USER]...\nPrint user and group information for each specified USER,\nor (when USER omitted) for the current process."
        }
        "uname" => "Usage: uname [OPTION]...\nPrint certain system information.  With no OPTION, same as -s.",
        "date" => {
            "Usage: date [OPTION]... [+FORMAT]\n  or:  date [-u|--utc|--universal] [MMDDhhmm[[CC]YY][.ss]]\nDisplay date and time in the given FORMAT."
        }
        "sleep" => "Usage: sleep NUMBER[SUFFIX]...\n  or:  sleep OPTION\nPause for NUMBER seconds.",
        "wc" => {
            "Usage: wc [OPTION]... [FILE]...\n  or:  wc [OPTION]... --files0-from=F\nPrint newline, word, and byte counts for each FILE, and a total line if\nmore than one FILE is specified."
        }
        "head" => {
            "Usage: head [OPTION]... [FILE]...\nPrint the first 10 lines of each FILE to standard output.\nWith more than one FILE, precede each with a header giving the file name."
        }
        "tail" => {
            "Usage: tail [OPTION]... [FILE]...\nPrint the last 10 lines of each FILE to standard output.\nWith more than one FILE, precede each with a header giving the file name."
        }
        "sort" => {
            "Usage: sort [OPTION]... [FILE]...\n  or:  sort [OPTION]... --files0-from=F\nWrite sorted concatenation of all FILE(s) to standard output."
        }
        "uniq" => {
            "Usage: uniq [OPTION]... [INPUT [OUTPUT]]\nFilter adjacent matching lines from INPUT (or standard input),\nwriting to OUTPUT (or standard output)."
        }
        "cut" => "Usage: cut OPTION... [FILE]...\nPrint selected parts of lines from each FILE to standard output.",
        "tr" => {
            "Usage: tr [OPTION]... STRING1 [STRING2]\nTranslate, squeeze, and/or delete characters from standard input,\nwriting to standard output."
        }
        "tee" => "Usage: tee [OPTION]... [FILE]...\nCopy standard input to each FILE, and also to standard output.",
        "du" => {
            "Usage: du [OPTION]... [FILE]...\n  or:  du [OPTION]... --files0-from=F\nSummarize device usage of the set of FILEs, recursively for directories."
        }
        "df" => {
            "Usage: df [OPTION]... [FILE]...\nShow information about the file system on which each FILE resides,\nor all file systems by default."
        }
        "seq" => {
            "Usage: seq [OPTION]... LAST\n  or:  seq [OPTION]... FIRST LAST\n  or:  seq [OPTION]... FIRST INCREMENT LAST\nPrint numbers from FIRST to LAST, in steps of INCREMENT."
        }
        "basename" => {
            "Usage: basename NAME [SUFFIX]\n  or:  basename OPTION... NAME...\nPrint NAME with any leading directory components removed."
        }
        "dirname" => {
            "Usage: dirname [OPTION] NAME...\nOutput each NAME with its last non-slash component and trailing slashes\nremoved; if NAME contains no /'s, output '.' (meaning the current directory)."
        }
        "grep" => {
            "Usage: grep [OPTION]... PATTERNS [FILE]...\nSearch for PATTERNS in each FILE.\nExample: grep -i 'hello world' menu.h main.c\nPATTERNS can contain multiple patterns separated by newlines."
        }
        _ => return None,
    })
}

impl Ctx<'_> {
    pub fn gnu(&self) -> bool {
        self.flavor.gnu()
    }

    /// An absolute path for an operand.
    pub fn path(&self, p: &str) -> String {
        normalize(&self.sys.cwd(), p)
    }

    pub fn out(&mut self, s: impl AsRef<str>) {
        self.io.out(s);
    }

    /// `prog: msg` on stderr.
    pub fn err(&mut self, msg: impl AsRef<str>) {
        let line = format!("{}: {}\n", self.prog, msg.as_ref());
        self.io.err(line);
    }

    /// Whether the locale is UTF-8 (GNU tools then quote with ‘ ’ in some messages).
    pub fn utf8(&self) -> bool {
        ["LC_ALL", "LC_CTYPE", "LANG"]
            .iter()
            .find_map(|k| self.sys.get_env(k).filter(|v| !v.is_empty()))
            .is_some_and(|v| {
                let v = v.to_ascii_lowercase();
                v.contains("utf-8") || v.contains("utf8")
            })
    }

    /// GNU's `quote()`: ‘x’ in a UTF-8 locale, 'x' otherwise.
    pub fn lq(&self, s: &str) -> String {
        if self.utf8() {
            format!("\u{2018}{s}\u{2019}")
        } else {
            format!("'{s}'")
        }
    }

    /// GNU's `quoteaf()`: shell-escaped, always quoted.
    pub fn sq(&self, s: &str) -> String {
        shell_quote(s)
    }

    /// `--help` and `--version` for GNU tools, the usage for BusyBox applets; `Some(status)`
    /// when handled.
    pub fn help(&mut self, args: &[String]) -> Option<i32> {
        let first_dd = args.iter().position(|a| a == "--").unwrap_or(args.len());
        let opts = &args[..first_dd];
        if self.gnu() {
            if opts.iter().any(|a| a == "--help") {
                let prog = self.prog.clone();
                if let Some(s) = gnu_synopsis(&prog) {
                    self.out(format!(
                        "{s}\n\nGNU coreutils online help: <https://www.gnu.org/software/coreutils/>\nFull documentation <https://www.gnu.org/software/coreutils/{prog}>\nor available locally via: info '(coreutils) {prog} invocation'\n"
                    ));
                    return Some(0);
                }
            }
            if opts.iter().any(|a| a == "--version") && gnu_synopsis(&self.prog).is_some() {
                let prog = self.prog.clone();
                self.out(format!(
                    "{prog} (GNU coreutils) 9.4\nCopyright (C) 2023 Free Software Foundation, Inc.\nLicense GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\nThis is free software: you are free to change and redistribute it.\nThere is NO WARRANTY, to the extent permitted by law.\n"
                ));
                return Some(0);
            }
        } else if args.first().is_some_and(|a| a == "--help") {
            self.bb_usage();
            return Some(0);
        }
        None
    }

    /// The BusyBox banner and usage on stderr.
    pub fn bb_usage(&mut self) {
        let text = usage::usage(&self.prog).unwrap_or("\n");
        let s = format!("{}\n{}", usage::BANNER, text);
        self.io.err(s);
    }

    /// Parses options; on error prints what the real tool prints and returns the status
    /// (`gnu_code` for GNU tools, 1 for BusyBox).
    pub fn parse(&mut self, spec: &Spec, args: &[String], gnu_code: i32) -> Result<Parsed, i32> {
        if let Some(code) = self.help(args) {
            return Err(code);
        }
        match args::parse(spec, args) {
            Ok(p) => Ok(p),
            Err(e) => {
                self.usage_error(&e);
                Err(if self.gnu() { gnu_code } else { 1 })
            }
        }
    }

    /// Prints an option error the way the tool does.
    pub fn usage_error(&mut self, e: &ArgError) {
        if self.gnu() {
            let m = args::gnu_message(&self.prog, e);
            let try_line = self.try_help();
            self.io.err(format!("{m}\n{try_line}"));
        } else {
            let m = args::musl_message(&self.prog, e);
            self.io.err(format!("{m}\n"));
            self.bb_usage();
        }
    }

    /// `Try 'ls --help' for more information.`
    pub fn try_help(&self) -> String {
        format!("Try '{} --help' for more information.\n", self.prog)
    }

    /// GNU: `prog: missing operand` + Try line; BusyBox: the usage. Returns the status.
    pub fn missing_operand(&mut self, what: &str) -> i32 {
        if self.gnu() {
            let t = self.try_help();
            let p = self.prog.clone();
            self.io.err(format!("{p}: {what}\n{t}"));
        } else {
            self.bb_usage();
        }
        1
    }

    /// The contents of an operand (`-` is stdin; `/dev/null` is empty).
    pub fn read(&self, name: &str) -> Result<String, FsError> {
        if name == "-" || name == "/dev/stdin" {
            return Ok(self.stdin.to_string());
        }
        let abs = self.path(name);
        if abs == "/dev/null" {
            return Ok(String::new());
        }
        self.sys.read_string(&abs)
    }

    /// Writes a file by absolute path; `/dev/null`, `/dev/stdout` and `/dev/stderr` are the
    /// devices, not files.
    pub fn write_file(&mut self, abs: &str, data: &str, append: bool) -> Result<(), FsError> {
        match abs {
            "/dev/null" => Ok(()),
            "/dev/stdout" => {
                self.io.out(data);
                Ok(())
            }
            "/dev/stderr" => {
                self.io.err(data);
                Ok(())
            }
            _ => self.sys.write(abs, data.as_bytes(), append),
        }
    }
}

/// Quotes like GNU's shell-escape-always style: `'a b'`, `"it's"`.
pub(crate) fn shell_quote(s: &str) -> String {
    if s.contains('\'') {
        if !s.contains(['"', '$', '`', '\\']) {
            return format!("\"{s}\"");
        }
        return format!("'{}'", s.replace('\'', "'\\''"));
    }
    format!("'{s}'")
}

/// Splits text into lines, each without its `\n` (a last line without `\n` counts).
pub(crate) fn lines(s: &str) -> Vec<&str> {
    let mut v: Vec<&str> = s.split('\n').collect();
    if s.ends_with('\n') || s.is_empty() {
        v.pop();
    }
    v
}

/// Human-readable sizes as `ls -h`/`du -h`/`df -h` print them (1024 based, rounded up):
/// `615`, `4.0K`, `13K`, `1.2M`.
pub(crate) fn human(n: u64) -> String {
    if n < 1024 {
        return n.to_string();
    }
    let units = ['K', 'M', 'G', 'T', 'P', 'E'];
    let mut v = n as f64;
    let mut u = 0;
    v /= 1024.0;
    while v >= 1024.0 && u + 1 < units.len() {
        v /= 1024.0;
        u += 1;
    }
    if v < 10.0 {
        let r = (v * 10.0).ceil() / 10.0;
        if r >= 10.0 {
            format!("10{}", units[u])
        } else {
            format!("{r:.1}{}", units[u])
        }
    } else {
        let r = v.ceil();
        if r >= 1024.0 && u + 1 < units.len() {
            format!("1.0{}", units[u + 1])
        } else {
            format!("{r:.0}{}", units[u])
        }
    }
}

/// Disk usage of a node in KiB, as `du` and `ls -s` count (4 KiB blocks).
pub(crate) fn blocks_k(node: &dockyard_vfs::Node) -> u64 {
    match node {
        dockyard_vfs::Node::Dir { .. } => 4,
        dockyard_vfs::Node::File { size, .. } => size.div_ceil(4096) * 4,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_sizes() {
        assert_eq!(human(615), "615");
        assert_eq!(human(4096), "4.0K");
        assert_eq!(human(1536), "1.5K");
        assert_eq!(human(12345), "13K");
        assert_eq!(human(5 * 1024 * 1024 + 1), "5.1M");
    }

    #[test]
    fn quoting() {
        assert_eq!(shell_quote("nope"), "'nope'");
        assert_eq!(shell_quote("it's"), "\"it's\"");
        assert_eq!(lines("a\nb\n"), vec!["a", "b"]);
        assert_eq!(lines("a\nb"), vec!["a", "b"]);
        assert!(lines("").is_empty());
    }
}
