//! A pflag-compatible argument parser driven by a static table: combined short flags
//! (`-dit`), attached values (`-p8080:80`, `--name=web`), repeatable flags, `--`, and
//! non-interspersed commands (`docker run IMAGE CMD -la`), with cobra's exact errors.

/// One flag: `spec` is `"s|long"` or `"long"`, with a trailing `=` when it takes a value.
#[derive(Clone, Copy, Debug)]
pub struct Flag {
    pub short: Option<char>,
    pub long: &'static str,
    pub takes_value: bool,
}

pub fn flag(spec: &'static str) -> Flag {
    let (body, takes_value) = match spec.strip_suffix('=') {
        Some(b) => (b, true),
        None => (spec, false),
    };
    match body.split_once('|') {
        Some((s, l)) => Flag {
            short: s.chars().next(),
            long: l,
            takes_value,
        },
        None => Flag {
            short: None,
            long: body,
            takes_value,
        },
    }
}

/// Parsed flags (by long name, in order) and positional arguments.
#[derive(Clone, Debug, Default)]
pub struct Parsed {
    pub flags: Vec<(&'static str, String)>,
    pub args: Vec<String>,
    pub help: bool,
}

impl Parsed {
    pub fn has(&self, long: &str) -> bool {
        self.flags.iter().any(|(l, v)| *l == long && v != "false")
    }
    /// The last value given for `long`.
    pub fn value(&self, long: &str) -> Option<&str> {
        self.flags
            .iter()
            .rev()
            .find(|(l, _)| *l == long)
            .map(|(_, v)| v.as_str())
    }
    pub fn values(&self, long: &str) -> Vec<&str> {
        self.flags
            .iter()
            .filter(|(l, _)| *l == long)
            .map(|(_, v)| v.as_str())
            .collect()
    }
    pub fn bool_explicit(&self, long: &str) -> Option<bool> {
        self.flags
            .iter()
            .rev()
            .find(|(l, _)| *l == long)
            .map(|(_, v)| v != "false")
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArgError {
    UnknownFlag(String),
    UnknownShorthand(char, String),
    NeedsArgShort(char, String),
    NeedsArgLong(String),
    BadBool(String, String),
}

impl ArgError {
    /// The flag as typed (`--rm`, `-x`), for teaching notes.
    pub fn flag(&self) -> String {
        match self {
            ArgError::UnknownFlag(s) => s.clone(),
            ArgError::UnknownShorthand(c, _) | ArgError::NeedsArgShort(c, _) => format!("-{c}"),
            ArgError::NeedsArgLong(l) | ArgError::BadBool(_, l) => format!("--{l}"),
        }
    }
}

impl std::fmt::Display for ArgError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ArgError::UnknownFlag(s) => write!(f, "unknown flag: {s}"),
            ArgError::UnknownShorthand(c, s) => write!(f, "unknown shorthand flag: '{c}' in {s}"),
            ArgError::NeedsArgShort(c, s) => write!(f, "flag needs an argument: '{c}' in {s}"),
            ArgError::NeedsArgLong(l) => write!(f, "flag needs an argument: --{l}"),
            ArgError::BadBool(v, l) => {
                write!(
                    f,
                    "invalid argument \"{v}\" for \"--{l}\" flag: strconv.ParseBool: parsing \"{v}\": invalid syntax"
                )
            }
        }
    }
}

/// Parses `argv` (without the command words) against `flags`.
/// `interspersed = false` stops flag parsing at the first positional argument.
pub fn parse(argv: &[String], flags: &[Flag], interspersed: bool) -> Result<Parsed, ArgError> {
    let mut p = Parsed::default();
    let mut i = 0;
    while i < argv.len() {
        let a = &argv[i];
        if a == "--" {
            p.args.extend(argv[i + 1..].iter().cloned());
            break;
        }
        if let Some(body) = a.strip_prefix("--") {
            let (name, inline) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (body, None),
            };
            if name == "help" {
                p.help = true;
                i += 1;
                continue;
            }
            let Some(f) = flags.iter().find(|f| f.long == name) else {
                return Err(ArgError::UnknownFlag(format!("--{name}")));
            };
            if f.takes_value {
                let v = match inline {
                    Some(v) => v,
                    None => {
                        i += 1;
                        match argv.get(i) {
                            Some(v) => v.clone(),
                            None => return Err(ArgError::NeedsArgLong(name.to_string())),
                        }
                    }
                };
                p.flags.push((f.long, v));
            } else {
                let v = inline.unwrap_or_else(|| "true".into());
                if !matches!(
                    v.as_str(),
                    "true" | "false" | "1" | "0" | "t" | "f" | "TRUE" | "FALSE" | "True" | "False"
                ) {
                    return Err(ArgError::BadBool(v, name.to_string()));
                }
                let v = if matches!(v.as_str(), "false" | "0" | "f" | "FALSE" | "False") {
                    "false"
                } else {
                    "true"
                };
                p.flags.push((f.long, v.into()));
            }
            i += 1;
            continue;
        }
        if a.len() > 1 && a.starts_with('-') {
            let chars: Vec<char> = a[1..].chars().collect();
            let mut j = 0;
            while j < chars.len() {
                let c = chars[j];
                if c == 'h' && !flags.iter().any(|f| f.short == Some('h')) {
                    p.help = true;
                    j += 1;
                    continue;
                }
                let Some(f) = flags.iter().find(|f| f.short == Some(c)) else {
                    return Err(ArgError::UnknownShorthand(c, a.clone()));
                };
                if f.takes_value {
                    let rest: String = chars[j + 1..].iter().collect();
                    let v = if !rest.is_empty() {
                        rest.strip_prefix('=').map(str::to_string).unwrap_or(rest)
                    } else {
                        i += 1;
                        match argv.get(i) {
                            Some(v) => v.clone(),
                            None => return Err(ArgError::NeedsArgShort(c, a.clone())),
                        }
                    };
                    p.flags.push((f.long, v));
                    break;
                } else {
                    p.flags.push((f.long, "true".into()));
                }
                j += 1;
            }
            i += 1;
            continue;
        }
        if !interspersed {
            p.args.extend(argv[i..].iter().cloned());
            break;
        }
        p.args.push(a.clone());
        i += 1;
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &[&str]) -> Vec<String> {
        s.iter().map(|x| x.to_string()).collect()
    }

    fn run_flags() -> Vec<Flag> {
        [
            "d|detach",
            "i|interactive",
            "t|tty",
            "rm",
            "name=",
            "p|publish=",
            "e|env=",
        ]
        .into_iter()
        .map(flag)
        .collect()
    }

    #[test]
    fn docker_like() {
        let p = parse(
            &v(&[
                "-dit",
                "--rm",
                "-p8080:80",
                "-p",
                "443:443",
                "--name=web",
                "nginx",
                "ls",
                "-la",
            ]),
            &run_flags(),
            false,
        )
        .unwrap();
        assert!(p.has("detach") && p.has("interactive") && p.has("tty") && p.has("rm"));
        assert_eq!(p.values("publish"), vec!["8080:80", "443:443"]);
        assert_eq!(p.value("name"), Some("web"));
        assert_eq!(p.args, v(&["nginx", "ls", "-la"]));
    }

    #[test]
    fn errors() {
        assert_eq!(
            parse(&v(&["-x"]), &run_flags(), false).unwrap_err().to_string(),
            "unknown shorthand flag: 'x' in -x"
        );
        assert_eq!(
            parse(&v(&["--foo"]), &run_flags(), false).unwrap_err().to_string(),
            "unknown flag: --foo"
        );
        assert_eq!(
            parse(&v(&["--name"]), &run_flags(), false).unwrap_err().to_string(),
            "flag needs an argument: --name"
        );
        assert_eq!(
            parse(&v(&["-p"]), &run_flags(), false).unwrap_err().to_string(),
            "flag needs an argument: 'p' in -p"
        );
    }
}
