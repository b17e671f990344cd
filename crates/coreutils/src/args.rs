//! Command-line option parsing shared by the utilities: getopt_long with permutation, as both
//! glibc (GNU tools) and musl (BusyBox on Alpine) do it, and each one's error texts.

/// Whether a long option takes an argument.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Has {
    No,
    Required,
    Optional,
}

/// What a utility accepts. `short` is a getopt string (`"lan:"`: `-n` takes an argument).
/// Long options map to a short letter or to a name of their own.
pub(crate) struct Spec {
    pub short: &'static str,
    pub long: &'static [(&'static str, Has)],
    /// Stop at the first operand (POSIX `+` mode: `env`, `xargs`).
    pub stop_at_operand: bool,
}

impl Spec {
    pub const fn new(short: &'static str, long: &'static [(&'static str, Has)]) -> Spec {
        Spec {
            short,
            long,
            stop_at_operand: false,
        }
    }
    fn short_has_arg(&self, c: char) -> Option<bool> {
        let mut it = self.short.chars().peekable();
        while let Some(x) = it.next() {
            let takes = it.peek() == Some(&':');
            if takes {
                it.next();
            }
            if x == c {
                return Some(takes);
            }
        }
        None
    }
}

/// One parsed option: `-l` is `("l", None)`, `--color=never` is `("color", Some("never"))`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Opt {
    pub name: String,
    pub value: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct Parsed {
    pub opts: Vec<Opt>,
    pub operands: Vec<String>,
}

impl Parsed {
    pub fn has(&self, name: &str) -> bool {
        self.opts.iter().any(|o| o.name == name)
    }
    /// Whether any of the names is present.
    pub fn any(&self, names: &[&str]) -> bool {
        names.iter().any(|n| self.has(n))
    }
    /// The last value given for an option.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.opts
            .iter()
            .rev()
            .find(|o| o.name == name)
            .and_then(|o| o.value.as_deref())
    }
    /// All values given for an option, in order.
    pub fn values(&self, name: &str) -> Vec<String> {
        self.opts
            .iter()
            .filter(|o| o.name == name)
            .filter_map(|o| o.value.clone())
            .collect()
    }
    /// The position of the last occurrence, for "last one wins" pairs like `-f`/`-i`.
    pub fn last_pos(&self, name: &str) -> Option<usize> {
        self.opts.iter().rposition(|o| o.name == name)
    }
}

/// Why parsing failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ArgError {
    /// `-z`
    InvalidShort(char),
    /// `--foo` (the text after `--`, without `=value`)
    UnknownLong(String),
    /// `-n` at the end
    MissingShort(char),
    /// `--lines` at the end
    MissingLong(String),
    /// `--foo=x` for an option without argument
    NoArgAllowed(String),
    /// `--co` matches several long options
    Ambiguous(String),
}

/// Parses `args` (without the program name).
pub(crate) fn parse(spec: &Spec, args: &[String]) -> Result<Parsed, ArgError> {
    let mut out = Parsed::default();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        i += 1;
        if a == "--" {
            out.operands.extend(args[i..].iter().cloned());
            break;
        }
        if let Some(body) = a.strip_prefix("--") {
            let (name, inline) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (body, None),
            };
            let exact = spec.long.iter().find(|(n, _)| *n == name);
            let found = match exact {
                Some(x) => *x,
                None => {
                    let cands: Vec<_> = spec.long.iter().filter(|(n, _)| n.starts_with(name)).collect();
                    match cands.len() {
                        0 => return Err(ArgError::UnknownLong(name.to_string())),
                        1 => *cands[0],
                        _ => return Err(ArgError::Ambiguous(name.to_string())),
                    }
                }
            };
            let value = match found.1 {
                Has::No => {
                    if inline.is_some() {
                        return Err(ArgError::NoArgAllowed(found.0.to_string()));
                    }
                    None
                }
                Has::Optional => inline,
                Has::Required => match inline {
                    Some(v) => Some(v),
                    None if i < args.len() => {
                        i += 1;
                        Some(args[i - 1].clone())
                    }
                    None => return Err(ArgError::MissingLong(found.0.to_string())),
                },
            };
            out.opts.push(Opt {
                name: found.0.to_string(),
                value,
            });
            continue;
        }
        if a.len() > 1 && a.starts_with('-') {
            let chars: Vec<char> = a[1..].chars().collect();
            let mut k = 0;
            while k < chars.len() {
                let c = chars[k];
                k += 1;
                match spec.short_has_arg(c) {
                    None => return Err(ArgError::InvalidShort(c)),
                    Some(false) => out.opts.push(Opt {
                        name: c.to_string(),
                        value: None,
                    }),
                    Some(true) => {
                        let rest: String = chars[k..].iter().collect();
                        let value = if !rest.is_empty() {
                            rest
                        } else if i < args.len() {
                            i += 1;
                            args[i - 1].clone()
                        } else {
                            return Err(ArgError::MissingShort(c));
                        };
                        out.opts.push(Opt {
                            name: c.to_string(),
                            value: Some(value),
                        });
                        break;
                    }
                }
            }
            continue;
        }
        out.operands.push(a.clone());
        if spec.stop_at_operand {
            out.operands.extend(args[i..].iter().cloned());
            break;
        }
    }
    Ok(out)
}

/// The error text for `err` as glibc's getopt (GNU tools) prints it, without the "Try" line.
pub(crate) fn gnu_message(prog: &str, err: &ArgError) -> String {
    match err {
        ArgError::InvalidShort(c) => format!("{prog}: invalid option -- '{c}'"),
        ArgError::UnknownLong(n) => format!("{prog}: unrecognized option '--{n}'"),
        ArgError::MissingShort(c) => format!("{prog}: option requires an argument -- '{c}'"),
        ArgError::MissingLong(n) => format!("{prog}: option '--{n}' requires an argument"),
        ArgError::NoArgAllowed(n) => format!("{prog}: option '--{n}' doesn't allow an argument"),
        ArgError::Ambiguous(n) => format!("{prog}: option '--{n}' is ambiguous"),
    }
}

/// The error text for `err` as musl's getopt (BusyBox on Alpine) prints it.
pub(crate) fn musl_message(prog: &str, err: &ArgError) -> String {
    match err {
        ArgError::InvalidShort(c) => format!("{prog}: unrecognized option: {c}"),
        ArgError::UnknownLong(n) => format!("{prog}: unrecognized option: {n}"),
        ArgError::MissingShort(c) => format!("{prog}: option requires an argument: {c}"),
        ArgError::MissingLong(n) => format!("{prog}: option requires an argument: {n}"),
        ArgError::NoArgAllowed(n) => format!("{prog}: option does not take an argument: {n}"),
        ArgError::Ambiguous(n) => format!("{prog}: option is ambiguous: {n}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    const LS: Spec = Spec::new(
        "laRw:",
        &[("all", Has::No), ("color", Has::Optional), ("width", Has::Required)],
    );

    #[test]
    fn permutes_and_clusters() {
        let p = parse(&LS, &s(&["dir", "-la", "--color=never", "x", "-w80", "--", "-a"])).unwrap();
        assert!(p.has("l") && p.has("a"));
        assert_eq!(p.value("color"), Some("never"));
        assert_eq!(p.value("w"), Some("80"));
        assert_eq!(p.operands, s(&["dir", "x", "-a"]));
    }

    #[test]
    fn errors() {
        assert_eq!(parse(&LS, &s(&["-z"])).unwrap_err(), ArgError::InvalidShort('z'));
        assert_eq!(
            parse(&LS, &s(&["--foo"])).unwrap_err(),
            ArgError::UnknownLong("foo".into())
        );
        assert_eq!(parse(&LS, &s(&["-w"])).unwrap_err(), ArgError::MissingShort('w'));
        assert_eq!(parse(&LS, &s(&["--al"])).unwrap().opts[0].name, "all");
        assert_eq!(
            parse(&LS, &s(&["--all=1"])).unwrap_err(),
            ArgError::NoArgAllowed("all".into())
        );
        assert_eq!(
            gnu_message("ls", &ArgError::InvalidShort('z')),
            "ls: invalid option -- 'z'"
        );
        assert_eq!(
            musl_message("ls", &ArgError::UnknownLong("foo".into())),
            "ls: unrecognized option: foo"
        );
    }

    #[test]
    fn stop_at_operand() {
        let spec = Spec {
            short: "i",
            long: &[],
            stop_at_operand: true,
        };
        let p = parse(&spec, &s(&["-i", "ls", "-l"])).unwrap();
        assert_eq!(p.operands, s(&["ls", "-l"]));
    }
}
