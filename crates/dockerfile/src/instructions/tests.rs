use super::*;

fn df(src: &str) -> Dockerfile {
    match parse(src) {
        Ok(d) => d,
        Err(e) => panic!("{src:?}: {e}"),
    }
}

fn err(src: &str) -> Error {
    match parse(src) {
        Ok(d) => panic!("{src:?} parsed: {d:?}"),
        Err(e) => e,
    }
}

fn first(src: &str) -> Instruction {
    df(src).stages[0].instructions[0].clone()
}

#[test]
fn stages_and_meta_args() {
    let d = df("ARG BASE=alpine\nARG V\nFROM $BASE AS Build\nRUN make\nFROM scratch\nCOPY --from=build /a /b\n");
    assert_eq!(d.meta_args.len(), 2);
    assert_eq!(d.meta_args[0].args[0].key, "BASE");
    assert_eq!(d.meta_args[0].args[0].value.as_deref(), Some("alpine"));
    assert_eq!(d.meta_args[1].args[0].value, None);
    assert_eq!(d.stages.len(), 2);
    assert_eq!(d.stages[0].name.as_deref(), Some("build"));
    assert_eq!(d.stages[0].base, "$BASE");
    assert_eq!(d.stages[0].source.original, "FROM $BASE AS Build");
    assert_eq!(d.stages[0].source.lines, LineRange::line(3));
    assert_eq!(d.stages[1].name, None);
    assert!(d.stage("BUILD").is_some());
    let Instruction::Copy(c) = &d.stages[1].instructions[0] else {
        panic!()
    };
    assert_eq!(c.from.as_deref(), Some("build"));
    assert_eq!(c.sources, vec!["/a"]);
    assert_eq!(c.dest, "/b");
}

#[test]
fn from_platform_and_errors() {
    let d = df("FROM --platform=$BUILDPLATFORM golang:1.22 as b\n");
    assert_eq!(d.stages[0].platform.as_deref(), Some("$BUILDPLATFORM"));
    assert_eq!(
        err("FROM a b\n").to_string(),
        "dockerfile parse error on line 1: FROM requires either one or three arguments"
    );
    assert_eq!(
        err("FROM\n").to_string(),
        "dockerfile parse error on line 1: FROM requires either one or three arguments"
    );
    assert_eq!(
        err("FROM a AS 1x\n").to_string(),
        "dockerfile parse error on line 1: invalid name for build stage: \"1x\", name can't start with a number or contain symbols"
    );
    assert_eq!(err("FROM a AS 1x\n").kind(), "invalid-stage-name");
    assert_eq!(
        err("FROM --plaform=x a\n").to_string(),
        "dockerfile parse error on line 1: unknown flag: --plaform (did you mean platform?)"
    );
}

#[test]
fn missing_from() {
    let e = err("RUN echo hi\n");
    assert_eq!(e.to_string(), "no build stage in current context");
    assert_eq!(e.kind(), "no-build-stage");
    assert_eq!(e.lines(), Some(LineRange::line(1)));
    assert_eq!(e.parse_error_line(), None);
    let e = err("ARG A\n");
    assert_eq!(e.to_string(), "dockerfile contains no stages to build");
    let e = err("");
    assert_eq!(e.to_string(), "the Dockerfile cannot be empty");
    let e = err("\n# nothing\n");
    assert_eq!(e.to_string(), "file with no instructions");
    // from_ast accepts a file without stages.
    let ast = parser::parse("ARG A\n").unwrap();
    assert!(from_ast(&ast).unwrap().stages.is_empty());
}

#[test]
fn unknown_instruction_and_suggestions() {
    let e = err("FROM a\nBANANA bar\n");
    assert_eq!(
        e.to_string(),
        "dockerfile parse error on line 2: unknown instruction: BANANA"
    );
    assert_eq!(e.kind(), "unknown-instruction");
    assert_eq!(e.parse_error_line(), Some(2));
    assert_eq!(
        err("FROM a\nCOPPY . .\n").to_string(),
        "dockerfile parse error on line 2: unknown instruction: COPPY (did you mean COPY?)"
    );
    assert_eq!(
        err("FROM a\ncopyy . .\n").to_string(),
        "dockerfile parse error on line 2: unknown instruction: copyy (did you mean copy?)"
    );
    assert_eq!(
        err("FROM a\nWorkDri /x\n").to_string(),
        "dockerfile parse error on line 2: unknown instruction: WorkDri (did you mean workdir?)"
    );
    // BuildKit's distance rule: "FOO" is 2 edits from "FROM".
    assert_eq!(
        err("FROM a\nFOO bar\n").to_string(),
        "dockerfile parse error on line 2: unknown instruction: FOO (did you mean FROM?)"
    );
    // The error carries the whole instruction range.
    let e = err("FROM a\nRUNN a \\\n  b\n");
    assert_eq!(e.lines(), Some(LineRange::new(2, 3)));
    // A typo before FROM is reported as unknown instruction, not as missing FROM.
    assert_eq!(
        err("FORM alpine\n").to_string(),
        "dockerfile parse error on line 1: unknown instruction: FORM (did you mean FROM?)"
    );
    let ErrorDetail::UnknownInstruction { suggestion, .. } = err("RUNN x\n").detail().clone() else {
        panic!()
    };
    assert_eq!(suggestion.as_deref(), Some("RUN"));
}

#[test]
fn env_forms() {
    let Instruction::Env(e) = first("FROM a\nENV A=1 B=\"x y\"\n") else {
        panic!()
    };
    assert_eq!(e.vars.len(), 2);
    assert_eq!(e.vars[1].key, "B");
    assert_eq!(e.vars[1].value, "\"x y\"");
    assert!(!e.vars[0].legacy_form);
    let Instruction::Env(e) = first("FROM a\nENV PATH /usr/bin:$PATH\n") else {
        panic!()
    };
    assert_eq!(e.vars[0].key, "PATH");
    assert_eq!(e.vars[0].value, "/usr/bin:$PATH");
    assert!(e.vars[0].legacy_form);
    assert_eq!(
        err("FROM a\nENV\n").to_string(),
        "dockerfile parse error on line 2: ENV requires at least one argument"
    );
    assert_eq!(
        err("FROM a\nENV =x\n").to_string(),
        "dockerfile parse error on line 2: ENV names can not be blank"
    );
    assert_eq!(err("FROM a\nENV =x\n").kind(), "blank-name");
    let e = err("FROM busybox\n\nENV PATH\n");
    assert_eq!(e.to_string(), "ENV must have two arguments");
    assert_eq!(e.lines(), Some(LineRange::line(3)));
    assert_eq!(
        err("FROM a\nLABEL =x\n").to_string(),
        "dockerfile parse error on line 2: LABEL names can not be blank"
    );
    let Instruction::Label(l) = first("FROM a\nLABEL a=b c=d\n") else {
        panic!()
    };
    assert_eq!(l.labels.len(), 2);
}

#[test]
fn arg_forms() {
    let Instruction::Arg(a) = first("FROM a\nARG abc=\"123 456\" def\n") else {
        panic!()
    };
    assert_eq!(a.args[0].key, "abc");
    assert_eq!(a.args[0].value.as_deref(), Some("\"123 456\""));
    assert_eq!(a.args[1].key, "def");
    assert_eq!(
        err("FROM a\nARG =1\n").to_string(),
        "dockerfile parse error on line 2: ARG names can not be blank"
    );
    assert_eq!(
        err("FROM a\nARG\n").to_string(),
        "dockerfile parse error on line 2: ARG requires at least one argument"
    );
}

#[test]
fn cmd_entrypoint_run_forms() {
    let Instruction::Cmd(c) = first("FROM a\nCMD [\"python\", \"app.py\"]\n") else {
        panic!()
    };
    assert_eq!(c.command, CommandForm::Exec(vec!["python".into(), "app.py".into()]));
    let Instruction::Cmd(c) = first("FROM a\nCMD python app.py\n") else {
        panic!()
    };
    assert_eq!(c.command, CommandForm::Shell("python app.py".into()));
    let Instruction::Cmd(c) = first("FROM a\nCMD ['python']\n") else {
        panic!()
    };
    assert_eq!(c.command, CommandForm::Shell("['python']".into()));
    let Instruction::Entrypoint(e) = first("FROM a\nENTRYPOINT []\n") else {
        panic!()
    };
    assert_eq!(e.command, CommandForm::Exec(vec![]));
    let Instruction::Run(r) = first("FROM a\nRUN apt-get update && \\\n  apt-get install -y x\n") else {
        panic!()
    };
    assert_eq!(
        r.command,
        CommandForm::Shell("apt-get update &&   apt-get install -y x".into())
    );
    assert_eq!(r.source.lines, LineRange::new(2, 3));
    assert_eq!(r.source.original, "RUN apt-get update &&   apt-get install -y x");
    assert_eq!(
        err("FROM a\nCMD [\"a\", 1]\n").to_string(),
        "when using JSON array syntax, arrays must be comprised of strings only"
    );
    assert_eq!(
        err("FROM a\nCMD --x [\"a\"]\n").to_string(),
        "dockerfile parse error on line 2: unknown flag: --x"
    );
}

#[test]
fn run_flags() {
    let Instruction::Run(r) =
        first("FROM a\nRUN --mount=type=cache,target=/root/.cache --network=none pip install x\n")
    else {
        panic!()
    };
    assert_eq!(r.mounts, vec!["type=cache,target=/root/.cache"]);
    assert_eq!(r.network, NetworkMode::None);
    assert_eq!(r.flags_used, vec!["mount", "network"]);
    let mut id = |s: &str| Ok(s.to_string());
    let mounts = r.parse_mounts(&mut id).unwrap();
    assert_eq!(mounts[0].ty, MountType::Cache);
    assert_eq!(
        err("FROM a\nRUN --network=bridge x\n").to_string(),
        "dockerfile parse error on line 2: invalid network mode \"bridge\""
    );
    assert_eq!(
        err("FROM a\nRUN --mount=from=$X,target=/x x\n").to_string(),
        "dockerfile parse error on line 2: 'from' doesn't support variable expansion, define alias stage instead"
    );
    assert_eq!(
        err("FROM a\nRUN --mont=type=bind x\n").to_string(),
        "dockerfile parse error on line 2: unknown flag: --mont (did you mean mount?)"
    );
    let Instruction::Run(r) = first("FROM a\nRUN x\n") else {
        panic!()
    };
    assert_eq!(r.network, NetworkMode::Default);
}

#[test]
fn run_heredoc() {
    let Instruction::Run(r) = first("FROM a\nRUN <<EOF\necho hi\nEOF\nRUN x\n") else {
        panic!()
    };
    assert_eq!(r.command, CommandForm::Shell("<<EOF".into()));
    assert_eq!(r.heredocs.len(), 1);
    assert_eq!(r.heredocs[0].data, "echo hi\n");
    assert!(r.heredocs[0].expand);
    assert_eq!(r.source.lines, LineRange::new(2, 4));
    assert_eq!(r.source.original, "RUN <<EOF");
}

#[test]
fn copy_and_add() {
    let Instruction::Copy(c) =
        first("FROM a\nCOPY --chown=1:1 --chmod=755 --link --parents --exclude=*.md --exclude=x a b /dst/\n")
    else {
        panic!()
    };
    assert_eq!(c.chown.as_deref(), Some("1:1"));
    assert_eq!(c.chmod.as_deref(), Some("755"));
    assert!(c.link && c.parents);
    assert_eq!(c.excludes, vec!["*.md", "x"]);
    assert_eq!(c.sources, vec!["a", "b"]);
    assert_eq!(c.from, None);
    let Instruction::Copy(c) = first("FROM a\nCOPY [\"a b\", \"/c d\"]\n") else {
        panic!()
    };
    assert_eq!(c.sources, vec!["a b"]);
    assert_eq!(c.dest, "/c d");
    let Instruction::Copy(c) = first("FROM a\nCOPY <<-EOF <<'RAW' /dest/\n\thello $X\nEOF\nraw $Y\nRAW\n") else {
        panic!()
    };
    assert!(c.sources.is_empty());
    assert_eq!(c.contents.len(), 2);
    assert_eq!(c.contents[0].path, "EOF");
    assert_eq!(c.contents[0].data, "hello $X\n");
    assert!(c.contents[0].expand);
    assert_eq!(c.contents[1].data, "raw $Y\n");
    assert!(!c.contents[1].expand);
    let Instruction::Add(a) =
        first("FROM a\nADD --checksum=sha256:abc --keep-git-dir --unpack=false http://x/y.tar /y\n")
    else {
        panic!()
    };
    assert_eq!(a.checksum.as_deref(), Some("sha256:abc"));
    assert!(a.keep_git_dir);
    assert_eq!(a.unpack, Some(false));
    assert_eq!(
        err("FROM a\nCOPY onlyone\n").to_string(),
        "dockerfile parse error on line 2: COPY requires at least two arguments, but only one was provided. Destination could not be determined"
    );
    assert_eq!(
        err("FROM a\nADD x <<EOF\nEOF\n").to_string(),
        "dockerfile parse error on line 2: ADD cannot accept a heredoc as a destination"
    );
    assert_eq!(
        err("FROM a\nCOPY --from a b\n").to_string(),
        "dockerfile parse error on line 2: missing a value on flag: --from"
    );
    assert_eq!(
        err("FROM a\nCOPY --link=perhaps a b\n").to_string(),
        "dockerfile parse error on line 2: expecting boolean value for flag --link, not: perhaps"
    );
    assert_eq!(
        err("FROM a\nCOPY --chown=a --chown=b a b\n").to_string(),
        "dockerfile parse error on line 2: duplicate flag specified: --chown"
    );
    assert_eq!(
        err("FROM a\nCOPY --form=b a b\n").to_string(),
        "dockerfile parse error on line 2: unknown flag: --form (did you mean from?)"
    );
}

#[test]
fn healthcheck() {
    let Instruction::Healthcheck(h) = first(
        "FROM a\nHEALTHCHECK --interval=5s --timeout=3s --start-period=1m --start-interval=500ms --retries=3 CMD curl -f http://localhost/\n",
    ) else {
        panic!()
    };
    let Healthcheck::Cmd(c) = h.health else { panic!() };
    assert_eq!(c.interval, Duration::from_secs(5));
    assert_eq!(c.timeout, Duration::from_secs(3));
    assert_eq!(c.start_period, Duration::from_secs(60));
    assert_eq!(c.start_interval, Duration::from_millis(500));
    assert_eq!(c.retries, 3);
    assert_eq!(c.test(), vec!["CMD-SHELL", "curl -f http://localhost/"]);
    let Instruction::Healthcheck(h) = first("FROM a\nHEALTHCHECK CMD [\"foo\", \"bar\"]\n") else {
        panic!()
    };
    let Healthcheck::Cmd(c) = h.health else { panic!() };
    assert_eq!(c.test(), vec!["CMD", "foo", "bar"]);
    let Instruction::Healthcheck(h) = first("FROM a\nHEALTHCHECK none\n") else {
        panic!()
    };
    assert_eq!(h.health, Healthcheck::None);
    // Flags are not even looked at for NONE.
    assert!(parse("FROM a\nHEALTHCHECK --bogus NONE\n").is_ok());
    let cases = [
        ("HEALTHCHECK", "HEALTHCHECK requires at least one argument"),
        ("HEALTHCHECK NONE x", "HEALTHCHECK NONE takes no arguments"),
        ("HEALTHCHECK CMD", "Missing command after HEALTHCHECK CMD"),
        (
            "HEALTHCHECK CONNECT TCP 7000",
            "Unknown type \"CONNECT\" in HEALTHCHECK (try CMD)",
        ),
        ("HEALTHCHECK --interval=5 CMD x", "time: missing unit in duration \"5\""),
        (
            "HEALTHCHECK --interval=1ns CMD x",
            "Interval \"interval\" cannot be less than 1ms",
        ),
        ("HEALTHCHECK --retries=-1 CMD x", "--retries cannot be negative (-1)"),
        (
            "HEALTHCHECK --retries=x CMD x",
            "strconv.ParseInt: parsing \"x\": invalid syntax",
        ),
        (
            "HEALTHCHECK --intervl=1s CMD x",
            "unknown flag: --intervl (did you mean interval?)",
        ),
    ];
    for (line, msg) in cases {
        assert_eq!(
            err(&format!("FROM a\n{line}\n")).to_string(),
            format!("dockerfile parse error on line 2: {msg}"),
            "{line}"
        );
    }
    assert!(parse("FROM a\nHEALTHCHECK --timeout=0s --retries=0 CMD x\n").is_ok());
}

#[test]
fn simple_instructions() {
    let d = df(
        "FROM a\nWORKDIR /app\nUSER app:app\nEXPOSE 8080/tcp 443 80\nVOLUME [\"/data\", \"/logs\"]\nSTOPSIGNAL SIGTERM\nSHELL [\"/bin/bash\", \"-c\"]\nMAINTAINER me\nONBUILD RUN make\n",
    );
    let ins = &d.stages[0].instructions;
    let names: Vec<&str> = ins.iter().map(|i| i.name()).collect();
    assert_eq!(
        names,
        vec![
            "WORKDIR",
            "USER",
            "EXPOSE",
            "VOLUME",
            "STOPSIGNAL",
            "SHELL",
            "MAINTAINER",
            "ONBUILD"
        ]
    );
    let Instruction::Expose(e) = &ins[2] else { panic!() };
    assert_eq!(e.ports, vec!["443", "80", "8080/tcp"]);
    let Instruction::Volume(v) = &ins[3] else { panic!() };
    assert_eq!(v.volumes, vec!["/data", "/logs"]);
    let Instruction::Onbuild(o) = &ins[7] else { panic!() };
    assert_eq!(o.expression, "RUN make");
    assert_eq!(o.trigger, "RUN");
    let trig = parse_onbuild_trigger(&o.expression).unwrap();
    assert_eq!(trig.name(), "RUN");

    let cases = [
        ("WORKDIR", "WORKDIR requires exactly one argument"),
        ("USER", "USER requires exactly one argument"),
        ("EXPOSE", "EXPOSE requires at least one argument"),
        ("VOLUME", "VOLUME requires at least one argument"),
        ("VOLUME [\"\"]", "VOLUME specified can not be an empty string"),
        ("STOPSIGNAL", "STOPSIGNAL requires exactly one argument"),
        ("SHELL /bin/bash -c", "SHELL requires the arguments to be in JSON form"),
        ("SHELL []", "SHELL requires at least one argument"),
        ("MAINTAINER", "MAINTAINER requires exactly one argument"),
        ("ONBUILD", "ONBUILD requires at least one argument"),
        (
            "ONBUILD ONBUILD RUN x",
            "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed",
        ),
        ("ONBUILD FROM x", "FROM isn't allowed as an ONBUILD trigger"),
        ("onbuild maintainer x", "MAINTAINER isn't allowed as an ONBUILD trigger"),
        ("WORKDIR --x=1 /a", "unknown flag: --x"),
    ];
    for (line, msg) in cases {
        assert_eq!(
            err(&format!("FROM a\n{line}\n")).to_string(),
            format!("dockerfile parse error on line 2: {msg}"),
            "{line}"
        );
    }
}

#[test]
fn onbuild_with_heredoc_expression() {
    let Instruction::Onbuild(o) = first("FROM a\nONBUILD COPY <<EOF /x\nhello\nEOF\n") else {
        panic!()
    };
    assert_eq!(o.expression, "COPY <<EOF /x\nhello\nEOF");
    let Instruction::Copy(c) = parse_onbuild_trigger(&o.expression).unwrap() else {
        panic!()
    };
    assert_eq!(c.contents[0].data, "hello\n");
    assert_eq!(
        parse_onbuild_trigger("FROM x").unwrap_err().to_string(),
        "*instructions.Stage is not a command type"
    );
    assert_eq!(
        parse_onbuild_trigger("RUN a\nRUN b").unwrap_err().to_string(),
        "onbuild trigger should be a single expression"
    );
}

#[test]
fn source_info_for_progress_lines() {
    let d = df(
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nCMD [\"python\", \"app.py\"]\n",
    );
    let originals: Vec<&str> = d.stages[0].instructions.iter().map(|i| i.original()).collect();
    assert_eq!(
        originals,
        vec![
            "WORKDIR /app",
            "COPY requirements.txt .",
            "RUN pip install -r requirements.txt",
            "COPY . .",
            "CMD [\"python\", \"app.py\"]"
        ]
    );
    assert_eq!(d.stages[0].instructions[2].lines(), LineRange::line(4));
}

#[test]
fn escape_directive_applies_to_instructions() {
    let d = df("# escape=`\nFROM mcr.microsoft.com/windows\nWORKDIR C:\\app\nRUN dir `\n  /s\n");
    assert_eq!(d.escape_token, '`');
    let Instruction::Workdir(w) = &d.stages[0].instructions[0] else {
        panic!()
    };
    assert_eq!(w.path, "C:\\app");
    let Instruction::Run(r) = &d.stages[0].instructions[1] else {
        panic!()
    };
    assert_eq!(r.command, CommandForm::Shell("dir   /s".into()));
}
