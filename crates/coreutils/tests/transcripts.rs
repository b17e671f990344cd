//! Whole sessions as a student would see them, kept as reviewed insta snapshots.

mod common;

use common::Session;

/// Runs each line and renders `PROMPT line`, then what it printed.
fn transcript(s: &mut Session, prompt: &str, lines: &[&str]) -> String {
    let mut out = String::new();
    for l in lines {
        out.push_str(&format!("{prompt} {l}\n"));
        let o = s.run(l);
        out.push_str(&o.all);
        if o.status != 0 {
            out.push_str(&format!("[exit {}]\n", o.status));
        }
    }
    out
}

#[test]
fn host_project_session() {
    let mut s = Session::host();
    s.sys.serve("localhost", 8080, "<h1>hi</h1>\n");
    let t = transcript(
        &mut s,
        "$",
        &[
            "mkdir -p app && cd app",
            "cat > Dockerfile <<EOF\nFROM python:3.11-alpine\nWORKDIR /app\nCOPY . .\nCMD [\"python\", \"app.py\"]\nEOF",
            "echo \"print('hello')\" > app.py",
            "ls -la",
            "grep -n COPY Dockerfile",
            "curl localhost:8080",
            "curl localhost:5000",
            "wget -q localhost:8080 -O page.html && cat page.html",
            "cd .. && du -sh app && find app -type f | sort",
            "rm app",
        ],
    );
    insta::assert_snapshot!(t);
}

#[test]
fn alpine_container_session() {
    let mut a = Session::alpine();
    a.sys.serve("localhost", 8888, "file: none\n");
    a.sys.file("/vagrant/Vagrantfile", "Vagrant.configure(\"2\")\n");
    a.sys.file("/vagrant/test.py", "import os\n");
    let t = transcript(
        &mut a,
        "/ #",
        &[
            "wget -qO- localhost:8888",
            "ls /vagrant/",
            "ls -l /vagrant",
            "wget localhost:8888",
            "cat index.html",
            "ps",
            "curl localhost:8888",
            "exit",
        ],
    );
    insta::assert_snapshot!(t);
}
