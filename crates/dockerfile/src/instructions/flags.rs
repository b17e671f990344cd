//! Instruction flags (BuildKit `instructions/bflag.go`).

use crate::error::ErrorDetail;
use crate::go;
use crate::suggest;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FlagType {
    Bool,
    String,
    Strings,
}

#[derive(Debug)]
struct Def {
    name: &'static str,
    ty: FlagType,
    value: Option<String>,
    values: Vec<String>,
    used: bool,
}

/// The flags of one instruction: declared, then parsed (BuildKit `BFlags`).
#[derive(Debug)]
pub(crate) struct BFlags<'a> {
    args: &'a [String],
    defs: Vec<Def>,
}

impl<'a> BFlags<'a> {
    pub(crate) fn new(args: &'a [String]) -> Self {
        BFlags { args, defs: Vec::new() }
    }

    fn add(&mut self, name: &'static str, ty: FlagType, value: Option<String>) {
        self.defs.push(Def {
            name,
            ty,
            value,
            values: Vec::new(),
            used: false,
        });
    }

    pub(crate) fn add_bool(&mut self, name: &'static str) {
        self.add(name, FlagType::Bool, Some("false".to_string()));
    }

    pub(crate) fn add_string(&mut self, name: &'static str) {
        self.add(name, FlagType::String, None);
    }

    pub(crate) fn add_strings(&mut self, name: &'static str) {
        self.add(name, FlagType::Strings, None);
    }

    /// Parses the flags against the declarations, with BuildKit's error messages.
    pub(crate) fn parse(&mut self) -> Result<(), ErrorDetail> {
        let args = self.args;
        for a in args {
            if a == "--" {
                return Ok(());
            }
            if !a.starts_with("--") {
                return Err(ErrorDetail::FlagNotDoubleDash { arg: a.clone() });
            }
            let (flag_name, value, has_value) = match a.split_once('=') {
                Some((n, v)) => (n, v, true),
                None => (a.as_str(), "", false),
            };
            let arg = &flag_name[2..];
            let names: Vec<&str> = self.defs.iter().map(|d| d.name).collect();
            let Some(def) = self.defs.iter_mut().find(|d| d.name == arg) else {
                return Err(ErrorDetail::UnknownFlag {
                    flag: flag_name.to_string(),
                    suggestion: suggest::search(arg, &names, true),
                });
            };
            if def.used && def.ty != FlagType::Strings {
                return Err(ErrorDetail::DuplicateFlag {
                    flag: flag_name.to_string(),
                });
            }
            def.used = true;
            match def.ty {
                FlagType::Bool => {
                    if has_value && value.is_empty() {
                        return Err(ErrorDetail::MissingFlagValue {
                            flag: flag_name.to_string(),
                        });
                    }
                    match go::to_lower(value).as_str() {
                        "true" | "" => def.value = Some("true".to_string()),
                        "false" => def.value = Some("false".to_string()),
                        _ => {
                            return Err(ErrorDetail::InvalidBoolFlag {
                                flag: flag_name.to_string(),
                                value: value.to_string(),
                            });
                        }
                    }
                }
                FlagType::String => {
                    if !has_value {
                        return Err(ErrorDetail::MissingFlagValue {
                            flag: flag_name.to_string(),
                        });
                    }
                    def.value = Some(value.to_string());
                }
                FlagType::Strings => {
                    if !has_value {
                        return Err(ErrorDetail::MissingFlagValue {
                            flag: flag_name.to_string(),
                        });
                    }
                    def.values.push(value.to_string());
                }
            }
        }
        Ok(())
    }

    fn def(&self, name: &str) -> Option<&Def> {
        self.defs.iter().find(|d| d.name == name)
    }

    /// A string flag's value; `None` when absent or empty (BuildKit treats both alike).
    pub(crate) fn string(&self, name: &str) -> Option<String> {
        self.def(name).and_then(|d| d.value.clone()).filter(|v| !v.is_empty())
    }

    /// A bool flag's value.
    pub(crate) fn bool(&self, name: &str) -> bool {
        self.def(name).and_then(|d| d.value.as_deref()) == Some("true")
    }

    /// Whether the flag was given.
    pub(crate) fn used(&self, name: &str) -> bool {
        self.def(name).is_some_and(|d| d.used)
    }

    /// A repeatable flag's values.
    pub(crate) fn strings(&self, name: &str) -> Vec<String> {
        self.def(name).map(|d| d.values.clone()).unwrap_or_default()
    }

    /// The names of the flags that were given, in declaration order.
    pub(crate) fn used_names(&self) -> Vec<String> {
        self.defs
            .iter()
            .filter(|d| d.used)
            .map(|d| d.name.to_string())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flags(args: &[&str]) -> Vec<String> {
        args.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn parses_and_reports_like_buildkit() {
        let args = flags(&["--from=build", "--link", "--exclude=a", "--exclude=b"]);
        let mut f = BFlags::new(&args);
        f.add_string("from");
        f.add_bool("link");
        f.add_strings("exclude");
        f.parse().unwrap();
        assert_eq!(f.string("from").as_deref(), Some("build"));
        assert!(f.bool("link"));
        assert_eq!(f.strings("exclude"), vec!["a", "b"]);

        let check = |args: &[&str], msg: &str| {
            let args = flags(args);
            let mut f = BFlags::new(&args);
            f.add_string("from");
            f.add_bool("link");
            assert_eq!(f.parse().unwrap_err().to_string(), msg);
        };
        check(&["--form=x"], "unknown flag: --form (did you mean from?)");
        check(&["--zzz"], "unknown flag: --zzz");
        check(&["--from=a", "--from=b"], "duplicate flag specified: --from");
        check(&["--from"], "missing a value on flag: --from");
        check(&["--link="], "missing a value on flag: --link");
        check(&["--link=maybe"], "expecting boolean value for flag --link, not: maybe");
    }
}
