//! Every kind of check against a real sandbox: what holds, what does not, and what
//! `check` would say is missing.

use dockyard_engine::{Options, Sandbox};
use dockyard_lessons::check::Check;
use dockyard_lessons::eval::{self, Env, FINDING_IDS};

fn check(s: &str) -> Check {
    #[derive(serde::Deserialize)]
    struct W {
        check: Check,
    }
    toml::from_str::<W>(&format!("check = {s}"))
        .unwrap_or_else(|e| panic!("{s}: {e}"))
        .check
}

/// A sandbox with a bit of everything: a volume with a file, a network with a container,
/// a private registry holding an image, a login, a built image, a published nginx, and a
/// workspace file.
fn world() -> Sandbox {
    let mut sb = Sandbox::new(Options::default());
    let lines = [
        "docker volume create data",
        "docker run --rm -v data:/data alpine sh -c \"echo hi > /data/x.txt\"",
        "docker network create app",
        "docker run -d --network app --name db -e MODE=dev redis",
        "docker run -d -p 5000:5000 --name registry registry:2",
        "docker tag alpine localhost:5000/alpine:3",
        "docker push localhost:5000/alpine:3",
        "docker login -u student -p secret",
        "mkdir app && cd app",
        "cat > Dockerfile <<X\nFROM python:3.11\nWORKDIR /app\nENV MODE=dev\nCOPY requirements.txt .\nEXPOSE 5000\nCMD [\"python\", \"app.py\"]\nX",
        "echo flask > requirements.txt",
        "docker build -t app:1 .",
        "docker run -d --name web -p 8080:80 nginx",
        "docker run --name hello hello-world",
        "cd ..",
    ];
    for l in lines {
        sb.step_clock();
        let out = sb.run_line(l);
        assert_eq!(out.exit_code, 0, "{l}: {}", out.io.combined());
    }
    sb.step_clock();
    sb.run_line("ls /nonexistent");
    sb
}

fn holds(sb: &Sandbox, c: &str) -> bool {
    eval::holds(&check(c), &Env::new(sb, Some("b"), "/home/student/app"))
}

fn missing(sb: &Sandbox, c: &str) -> Vec<String> {
    eval::missing(&check(c), &Env::new(sb, Some("b"), "/home/student/app"))
        .into_iter()
        .map(|f| {
            assert!(FINDING_IDS.contains(&f.id), "{} is not in FINDING_IDS", f.id);
            let args: Vec<String> = f.args.iter().map(|(k, v)| format!("{k}={v}")).collect();
            format!("{} {}", f.id, args.join(" "))
        })
        .collect()
}

#[test]
fn every_kind_of_check() {
    let sb = world();
    let yes = [
        r#"{ container = { name = "web", image = "nginx", running = true, status = "running" } }"#,
        r#"{ container = { image = "docker.io/library/nginx:latest" } }"#,
        r#"{ container = { name = "hello", status = "exited", exit_code = 0, running = false } }"#,
        r#"{ container = { name = "db", network = "app", env = "MODE=dev", restart = "no", auto_remove = false, interactive = false } }"#,
        r#"{ container = { name = "db", env = "MODE", command_contains = "redis-server" } }"#,
        r#"{ port = { container = "web", host = 8080, container_port = 80 } }"#,
        r#"{ port = { host = 5000 } }"#,
        r#"{ image = { tag = "app:1", layer_created_by_contains = "COPY requirements.txt", env = "MODE=dev", workdir = "/app", exposes = "5000", cmd_contains = "app.py" } }"#,
        r#"{ image = { tag = "python" } }"#,
        r#"{ volume = { name = "data", has_file = "/x.txt", file_contains = "hi" } }"#,
        r#"{ network = { name = "app", driver = "bridge", container = "db" } }"#,
        r#"{ registry = { image = "localhost:5000/alpine:3" } }"#,
        r#"{ login = { user = "student" } }"#,
        r#"{ http = { url = "http://localhost:8080", status = 200, contains = "Welcome to nginx!" } }"#,
        r#"{ file = { path = "Dockerfile", contains = "FROM python" } }"#,
        r#"{ file = { path = "~/app/requirements.txt" } }"#,
        r#"{ file = { path = "nope.txt", exists = false } }"#,
        r#"{ last_command = { exit_code = 2, stderr_contains = "No such file", output_contains = "nonexistent" } }"#,
        r#"{ quiz = { answer = "b" } }"#,
        r#"{ all = [ { container = { name = "web" } }, { not = { container = { name = "nope" } } } ] }"#,
        r#"{ any = [ { container = { name = "nope" } }, { volume = { name = "data" } } ] }"#,
    ];
    for c in yes {
        assert!(holds(&sb, c), "should hold: {c}\nmissing: {:?}", missing(&sb, c));
        assert!(missing(&sb, c).is_empty(), "{c}");
    }
    let no = [
        (
            r#"{ container = { name = "nope" } }"#,
            "lesson-check-no-container spec=container name=nope",
        ),
        (
            r#"{ container = { name = "hello", running = true } }"#,
            "lesson-check-container-not-running name=hello",
        ),
        (
            r#"{ container = { name = "web", running = false } }"#,
            "lesson-check-container-running name=web",
        ),
        (
            r#"{ container = { name = "web", image = "nginx:1.27" } }"#,
            "lesson-check-container-field name=web field=image want=nginx:1.27 have=nginx",
        ),
        (
            r#"{ container = { name = "hello", exit_code = 1 } }"#,
            "lesson-check-container-field name=hello field=exit_code want=1 have=0",
        ),
        (
            r#"{ port = { container = "web", host = 9090 } }"#,
            "lesson-check-no-port spec=port container=web host=9090",
        ),
        (
            r#"{ image = { tag = "app:2" } }"#,
            "lesson-check-no-image spec=image tag=app:2",
        ),
        (
            r#"{ image = { tag = "app:1", layer_created_by_contains = "RUN pip" } }"#,
            "lesson-check-image-layer image=app:1 want=RUN pip",
        ),
        (
            r#"{ image = { tag = "app:1", workdir = "/srv" } }"#,
            "lesson-check-image-field image=app:1 field=workdir want=/srv have=/app",
        ),
        (
            r#"{ volume = { name = "data", has_file = "/y.txt" } }"#,
            "lesson-check-volume-file name=data path=/y.txt",
        ),
        (
            r#"{ volume = { name = "data", has_file = "/x.txt", file_contains = "bye" } }"#,
            "lesson-check-volume-content name=data path=/x.txt want=bye",
        ),
        (
            r#"{ volume = { name = "logs" } }"#,
            "lesson-check-no-volume spec=volume name=logs",
        ),
        (
            r#"{ network = { name = "app", container = "web" } }"#,
            "lesson-check-no-network spec=network name=app container=web",
        ),
        (
            r#"{ registry = { image = "localhost:5000/alpine:4" } }"#,
            "lesson-check-registry image=localhost:5000/alpine:4",
        ),
        (
            r#"{ login = { registry = "localhost:5000" } }"#,
            "lesson-check-login registry=localhost:5000",
        ),
        (
            r#"{ http = { url = "http://localhost:9999" } }"#,
            "lesson-check-http-error url=http://localhost:9999 error=connection refused",
        ),
        (
            r#"{ http = { url = "http://localhost:8080/missing", status = 200 } }"#,
            "lesson-check-http-field url=http://localhost:8080/missing field=status want=200 have=404",
        ),
        (
            r#"{ http = { url = "http://localhost:8080", contains = "Hello" } }"#,
            "lesson-check-http-body url=http://localhost:8080 want=Hello",
        ),
        (
            r#"{ file = { path = "app.py" } }"#,
            "lesson-check-file-missing path=app.py",
        ),
        (
            r#"{ file = { path = "Dockerfile", exists = false } }"#,
            "lesson-check-file-exists path=Dockerfile",
        ),
        (
            r#"{ file = { path = "Dockerfile", contains = "FROM node" } }"#,
            "lesson-check-file-content path=Dockerfile want=FROM node",
        ),
        (
            r#"{ last_command = { exit_code = 0 } }"#,
            "lesson-check-last-exit-code want=0 have=2",
        ),
        (
            r#"{ last_command = { stdout_contains = "x" } }"#,
            "lesson-check-last-output stream=stdout want=x",
        ),
        (r#"{ quiz = { answer = "c" } }"#, "lesson-check-quiz-wrong answer=b"),
        (
            r#"{ not = { volume = { name = "data" } } }"#,
            "lesson-check-not spec=volume name=data",
        ),
        (
            r#"{ any = [ { volume = { name = "a" } }, { volume = { name = "b" } } ] }"#,
            "lesson-check-any options=volume name=a | volume name=b",
        ),
    ];
    for (c, why) in no {
        assert_eq!(missing(&sb, c), vec![why.to_string()], "{c}");
    }
}

#[test]
fn http_checks_leave_no_trace() {
    let sb = world();
    let logs = |sb: &Sandbox| {
        sb.world
            .daemons
            .values()
            .flat_map(|d| d.containers.iter())
            .find(|c| c.name == "web")
            .unwrap()
            .logs
            .len()
    };
    let before = logs(&sb);
    assert!(holds(&sb, r#"{ http = { url = "http://localhost:8080" } }"#));
    assert_eq!(
        logs(&sb),
        before,
        "the check's request must not reach the student's nginx logs"
    );
}

#[test]
fn a_wrong_quiz_answer_is_named() {
    let sb = Sandbox::new(Options::default());
    let c = check(r#"{ quiz = { answer = "b" } }"#);
    let found = eval::missing(&c, &Env::new(&sb, Some("a"), "/home/student"));
    assert_eq!(found[0].id, "lesson-check-quiz-wrong");
    assert_eq!(found[0].args, vec![("answer".to_string(), "a".to_string())]);
    let found = eval::missing(&c, &Env::new(&sb, None, "/home/student"));
    assert_eq!(found[0].id, "lesson-check-quiz-unanswered");
}
