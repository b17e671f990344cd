//! Servers: the seed's http.server script, `python -m http.server` listings
//! (byte-exact with CPython 3.11) and Flask apps.
mod common;
use common::*;
use dockyard_python::*;

const TEST_PY: &str = r#"from http.server import HTTPServer, BaseHTTPRequestHandler
from os import getenv

class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.end_headers()
        file = getenv("FILE", "none")
        self.wfile.write(f"file: {file}\n".encode())
        if file != "none":
            self.wfile.write(open(file, "rb").read())

HTTPServer(('', 8888), Handler).serve_forever()
"#;

const VAGRANTFILE: &str = "Vagrant.configure(\"2\") do |config|\n  config.vm.box = \"ubuntu/lunar64\"\n  config.vm.provision \"docker\"\nend\n";

fn seed_host() -> MemHost {
    let mut h = host();
    h.cwd = "/".into();
    h.files.insert("/vagrant/test.py".into(), TEST_PY.as_bytes().to_vec());
    h.files
        .insert("/vagrant/Vagrantfile".into(), VAGRANTFILE.as_bytes().to_vec());
    h
}

fn start(h: &mut MemHost, args: &[&str], opts: &RunOptions) -> (PyOutcome, Box<Server>) {
    let o = run_python(&argv(args), opts, h);
    let PyEnd::Server(s) = o.end.clone() else {
        panic!("not serving: {o:?}")
    };
    (o, s)
}

#[test]
fn seed_test_py_without_file() {
    let mut h = seed_host();
    let (o, mut s) = start(&mut h, &["python", "/vagrant/test.py"], &RunOptions::default());
    assert_eq!((o.stdout.as_str(), o.stderr.as_str()), ("", ""));
    assert_eq!(
        (s.address(), s.port(), s.reachable_from_outside()),
        ("0.0.0.0", 8888, true)
    );
    let r = s.handle(&HttpRequest::get("/", "172.17.0.1"), &mut h);
    assert_eq!(
        String::from_utf8(r.to_bytes()).unwrap(),
        "HTTP/1.0 200 OK\r\nServer: BaseHTTP/0.6 Python/3.11.5\r\nDate: Tue, 19 Sep 2023 21:59:56 GMT\r\n\r\nfile: none\n"
    );
    let logs = s.take_output();
    assert_eq!(
        logs.stderr,
        "172.17.0.1 - - [19/Sep/2023 21:59:56] \"GET / HTTP/1.1\" 200 -\n"
    );
    assert_eq!(logs.stdout, "");
}

#[test]
fn seed_test_py_with_file_and_missing_file() {
    let mut h = seed_host();
    h.env.push(("FILE".into(), "/vagrant/Vagrantfile".into()));
    let (_, mut s) = start(&mut h, &["python", "/vagrant/test.py"], &RunOptions::default());
    let r = s.handle(&HttpRequest::get("/", "172.17.0.1"), &mut h);
    assert_eq!(r.status, 200);
    assert_eq!(
        String::from_utf8(r.body).unwrap(),
        format!("file: /vagrant/Vagrantfile\n{VAGRANTFILE}")
    );

    let mut h = seed_host();
    h.env.push(("FILE".into(), "/vagrant/nope".into()));
    let (_, mut s) = start(&mut h, &["python", "/vagrant/test.py"], &RunOptions::default());
    let r = s.handle(&HttpRequest::get("/", "172.17.0.1"), &mut h);
    assert_eq!(
        (r.status, String::from_utf8(r.body).unwrap().as_str()),
        (200, "file: /vagrant/nope\n")
    );
    let err = s.take_output().stderr;
    let expected_tail = "  File \"/vagrant/test.py\", line 11, in do_GET\n    self.wfile.write(open(file, \"rb\").read())\n                     ^^^^^^^^^^^^^^^^\nFileNotFoundError: [Errno 2] No such file or directory: '/vagrant/nope'\n----------------------------------------\n";
    assert!(err.starts_with("172.17.0.1 - - [19/Sep/2023 21:59:56] \"GET / HTTP/1.1\" 200 -\n----------------------------------------\nException occurred during processing of request from ('172.17.0.1', 54321)\nTraceback (most recent call last):\n  File \"/usr/local/lib/python3.11/socketserver.py\", line 317, in _handle_request_noblock\n"), "{err}");
    assert!(err.ends_with(expected_tail), "{err}");
}

fn listing_host() -> MemHost {
    let mut h = host();
    h.cwd = "/srv".into();
    h.files.insert("/srv/b.txt".into(), b"bee\n".to_vec());
    h.files.insert("/srv/A.md".into(), b"# A\n".to_vec());
    h.files.insert("/srv/.hidden".into(), b"".to_vec());
    h.files.insert("/srv/sub/x.py".into(), b"print(1)\n".to_vec());
    h.files.insert("/srv/a&b <c>.txt".into(), b"".to_vec());
    h
}

#[test]
fn http_server_module_listing_is_byte_exact() {
    let mut h = listing_host();
    let (o, mut s) = start(&mut h, &["python", "-m", "http.server", "8888"], &RunOptions::default());
    // stdout is block-buffered without a tty: the banner is not visible yet
    assert_eq!(o.stdout, "");
    assert_eq!(
        s.pending_stdout(),
        "Serving HTTP on 0.0.0.0 port 8888 (http://0.0.0.0:8888/) ...\n"
    );
    let r = s.handle(&HttpRequest::get("/", "127.0.0.1"), &mut h);
    let body = "<!DOCTYPE HTML>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Directory listing for /</title>\n</head>\n<body>\n<h1>Directory listing for /</h1>\n<hr>\n<ul>\n<li><a href=\".hidden\">.hidden</a></li>\n<li><a href=\"a%26b%20%3Cc%3E.txt\">a&amp;b &lt;c&gt;.txt</a></li>\n<li><a href=\"A.md\">A.md</a></li>\n<li><a href=\"b.txt\">b.txt</a></li>\n<li><a href=\"sub/\">sub/</a></li>\n</ul>\n<hr>\n</body>\n</html>\n";
    let expected = format!(
        "HTTP/1.0 200 OK\r\nServer: SimpleHTTP/0.6 Python/3.11.5\r\nDate: Tue, 19 Sep 2023 21:59:56 GMT\r\nContent-type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    assert_eq!(String::from_utf8(r.to_bytes()).unwrap(), expected);

    let r = s.handle(&HttpRequest::get("/b.txt", "127.0.0.1"), &mut h);
    assert_eq!(
        (r.status, r.header("Content-type"), r.body.as_slice()),
        (200, Some("text/plain"), &b"bee\n"[..])
    );
    let r = s.handle(&HttpRequest::get("/sub", "127.0.0.1"), &mut h);
    assert_eq!((r.status, r.header("Location")), (301, Some("/sub/")));
    let r = s.handle(&HttpRequest::get("/sub/", "127.0.0.1"), &mut h);
    assert!(
        String::from_utf8(r.body)
            .unwrap()
            .contains("<title>Directory listing for /sub/</title>")
    );

    let r = s.handle(&HttpRequest::get("/nope", "127.0.0.1"), &mut h);
    let page = "<!DOCTYPE HTML>\n<html lang=\"en\">\n    <head>\n        <meta charset=\"utf-8\">\n        <title>Error response</title>\n    </head>\n    <body>\n        <h1>Error response</h1>\n        <p>Error code: 404</p>\n        <p>Message: File not found.</p>\n        <p>Error code explanation: 404 - Nothing matches the given URI.</p>\n    </body>\n</html>\n";
    assert_eq!(
        String::from_utf8(r.to_bytes()).unwrap(),
        format!(
            "HTTP/1.0 404 File not found\r\nServer: SimpleHTTP/0.6 Python/3.11.5\r\nDate: Tue, 19 Sep 2023 21:59:56 GMT\r\nConnection: close\r\nContent-Type: text/html;charset=utf-8\r\nContent-Length: {}\r\n\r\n{page}",
            page.len()
        )
    );
    let logs = s.take_output().stderr;
    assert!(logs.ends_with("127.0.0.1 - - [19/Sep/2023 21:59:56] code 404, message File not found\n127.0.0.1 - - [19/Sep/2023 21:59:56] \"GET /nope HTTP/1.1\" 404 -\n"), "{logs}");

    let mut post = HttpRequest::get("/", "127.0.0.1");
    post.method = "POST".into();
    let r = s.handle(&post, &mut h);
    assert_eq!((r.status, r.reason.as_str()), (501, "Unsupported method ('POST')"));

    let (out, code) = (*s).clone().interrupt();
    assert_eq!(code, 0);
    assert_eq!(
        out.stdout,
        "Serving HTTP on 0.0.0.0 port 8888 (http://0.0.0.0:8888/) ...\n\nKeyboard interrupt received, exiting.\n"
    );
}

#[test]
fn http_server_flags_and_tty() {
    let mut h = listing_host();
    let opts = RunOptions {
        tty: true,
        ipv6_first: true,
        ..Default::default()
    };
    let (o, s) = start(&mut h, &["python3", "-m", "http.server"], &opts);
    assert_eq!(o.stdout, "Serving HTTP on :: port 8000 (http://[::]:8000/) ...\n");
    assert_eq!((s.address(), s.port()), ("::", 8000));
    let (o, s) = start(
        &mut h,
        &[
            "python",
            "-m",
            "http.server",
            "9000",
            "--bind",
            "127.0.0.1",
            "--directory",
            "/srv/sub",
        ],
        &opts,
    );
    assert_eq!(
        o.stdout,
        "Serving HTTP on 127.0.0.1 port 9000 (http://127.0.0.1:9000/) ...\n"
    );
    assert!(!s.reachable_from_outside());
    let mut s = s;
    let r = s.handle(&HttpRequest::get("/", "127.0.0.1"), &mut h);
    assert!(
        String::from_utf8(r.body)
            .unwrap()
            .contains("<li><a href=\"x.py\">x.py</a></li>")
    );
    let o = run_python(&argv(&["python", "-m", "http.server", "abc"]), &opts, &mut h);
    assert_eq!(o.exit_code(), Some(2));
    assert!(
        o.stderr
            .ends_with("server.py: error: argument port: invalid int value: 'abc'\n"),
        "{}",
        o.stderr
    );
}

#[test]
fn unbuffered_env_shows_prints_immediately() {
    let src = "from http.server import HTTPServer, SimpleHTTPRequestHandler\nprint('starting on 8000')\nHTTPServer(('', 8000), SimpleHTTPRequestHandler).serve_forever()\n";
    let mut h = host();
    h.files.insert("/app/x.py".into(), src.as_bytes().to_vec());
    let (o, s) = start(&mut h, &["python", "x.py"], &RunOptions::default());
    assert_eq!((o.stdout.as_str(), s.pending_stdout()), ("", "starting on 8000\n"));
    h.env.push(("PYTHONUNBUFFERED".into(), "1".into()));
    let (o, _) = start(&mut h, &["python", "x.py"], &RunOptions::default());
    assert_eq!(o.stdout, "starting on 8000\n");
    let (o, _) = start(&mut h, &["python", "-u", "x.py"], &RunOptions::default());
    assert_eq!(o.stdout, "starting on 8000\n");
}

#[test]
fn script_server_ctrl_c_traceback() {
    let mut h = seed_host();
    let (_, s) = start(&mut h, &["python", "/vagrant/test.py"], &RunOptions::default());
    let (out, code) = (*s).interrupt();
    assert_eq!(code, 130);
    assert!(out.stderr.starts_with("Traceback (most recent call last):\n  File \"/vagrant/test.py\", line 13, in <module>\n    HTTPServer(('', 8888), Handler).serve_forever()\n  File \"/usr/local/lib/python3.11/socketserver.py\", line 233, in serve_forever\n"), "{}", out.stderr);
    assert!(out.stderr.ends_with("KeyboardInterrupt\n"));
}

const FLASK_APP: &str = r#"from flask import Flask, request, jsonify

app = Flask(__name__)

@app.route("/")
def hello():
    return "Hello, World!"

@app.route("/hello/<name>")
def hi(name):
    return {"greeting": f"hi {name}", "n": int(request.args.get("n", 1))}

@app.route("/items", methods=["POST"])
def create():
    data = request.get_json()
    return jsonify(created=data["name"]), 201

@app.route("/boom")
def boom():
    return 1 / 0

if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000)
"#;

fn flask_opts() -> RunOptions {
    RunOptions {
        packages: vec![("flask".into(), "3.0.0".into()), ("werkzeug".into(), "3.0.1".into())],
        ..Default::default()
    }
}

#[test]
fn flask_app_run() {
    let mut h = host();
    h.files.insert("/app/app.py".into(), FLASK_APP.as_bytes().to_vec());
    let (o, mut s) = start(&mut h, &["python", "app.py"], &flask_opts());
    assert_eq!(o.stdout, " * Serving Flask app 'app'\n * Debug mode: off\n");
    assert_eq!(
        o.stderr,
        "\x1b[31m\x1b[1mWARNING: This is a development server. Do not use it in a production deployment. Use a production WSGI server instead.\x1b[0m\n * Running on all addresses (0.0.0.0)\n * Running on http://127.0.0.1:5000\n * Running on http://172.17.0.2:5000\n\x1b[33mPress CTRL+C to quit\x1b[0m\n"
    );
    assert_eq!((s.kind(), s.address(), s.port()), (ServerKind::Flask, "0.0.0.0", 5000));
    let r = s.handle(&HttpRequest::get("/", "172.17.0.1"), &mut h);
    assert_eq!(
        String::from_utf8(r.to_bytes()).unwrap(),
        "HTTP/1.1 200 OK\r\nServer: Werkzeug/3.0.1 Python/3.11.5\r\nDate: Tue, 19 Sep 2023 21:59:56 GMT\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 13\r\nConnection: close\r\n\r\nHello, World!"
    );
    let r = s.handle(&HttpRequest::get("/hello/bob?n=3", "172.17.0.1"), &mut h);
    assert_eq!(
        (
            r.header("Content-Type"),
            String::from_utf8(r.body.clone()).unwrap().as_str()
        ),
        (Some("application/json"), "{\"greeting\":\"hi bob\",\"n\":3}\n")
    );
    let mut post = HttpRequest::get("/items", "172.17.0.1");
    post.method = "POST".into();
    post.headers.push(("Content-Type".into(), "application/json".into()));
    post.body = b"{\"name\": \"box\"}".to_vec();
    let r = s.handle(&post, &mut h);
    assert_eq!(
        (r.status, String::from_utf8(r.body).unwrap().as_str()),
        (201, "{\"created\":\"box\"}\n")
    );
    let r = s.handle(&HttpRequest::get("/items", "172.17.0.1"), &mut h);
    assert_eq!((r.status, r.reason.as_str()), (405, "METHOD NOT ALLOWED"));
    let r = s.handle(&HttpRequest::get("/missing", "172.17.0.1"), &mut h);
    assert_eq!(r.status, 404);
    assert_eq!(
        String::from_utf8(r.body).unwrap(),
        "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p>\n"
    );
    let r = s.handle(&HttpRequest::get("/boom", "172.17.0.1"), &mut h);
    assert_eq!(r.status, 500);
    let logs = s.take_output().stderr;
    assert!(
        logs.starts_with("172.17.0.1 - - [19/Sep/2023 21:59:56] \"GET / HTTP/1.1\" 200 -\n"),
        "{logs}"
    );
    assert!(
        logs.contains("\x1b[33m\"GET /missing HTTP/1.1\"\x1b[0m 404 -\n"),
        "{logs}"
    );
    assert!(
        logs.contains("ERROR in app: Exception on /boom [GET]\nTraceback (most recent call last):\n"),
        "{logs}"
    );
    assert!(logs.contains("ZeroDivisionError: division by zero\n"), "{logs}");
}

#[test]
fn flask_default_host_is_loopback_only() {
    let mut h = host();
    h.files.insert(
        "/app/app.py".into(),
        b"from flask import Flask\napp = Flask(__name__)\n@app.route('/')\ndef i():\n    return 'ok'\napp.run()\n"
            .to_vec(),
    );
    let (o, s) = start(&mut h, &["python", "app.py"], &flask_opts());
    assert!(o.stderr.contains(" * Running on http://127.0.0.1:5000\n"));
    assert!(!s.reachable_from_outside());
}

#[test]
fn flask_run_cli() {
    let mut h = host();
    h.files.insert("/app/app.py".into(), FLASK_APP.as_bytes().to_vec());
    h.env.push(("FLASK_APP".into(), "app.py".into()));
    let (o, mut s) = start(&mut h, &["flask", "run", "--host=0.0.0.0"], &flask_opts());
    assert_eq!(o.stdout, " * Serving Flask app 'app.py'\n * Debug mode: off\n");
    assert_eq!((s.address(), s.port()), ("0.0.0.0", 5000));
    let r = s.handle(&HttpRequest::get("/", "172.17.0.1"), &mut h);
    assert_eq!(r.body, b"Hello, World!");
    // without flask installed
    let o = run_python(&argv(&["python", "app.py"]), &RunOptions::default(), &mut h);
    assert!(
        o.stderr.ends_with("ModuleNotFoundError: No module named 'flask'\n"),
        "{}",
        o.stderr
    );
    // no app found
    let mut h2 = host();
    let o = run_python(&argv(&["flask", "run"]), &flask_opts(), &mut h2);
    assert_eq!(o.exit_code(), Some(2));
    assert!(o.stderr.contains("Error: Could not locate a Flask application."));
}

#[test]
fn flask_1_banner() {
    let mut h = host();
    h.files.insert("/app/hello-docker.py".into(), b"from flask import Flask\napp = Flask(__name__)\n@app.route('/')\ndef hello():\n    return 'Hello Docker!'\nif __name__ == '__main__':\n    app.run(host='0.0.0.0', port=8080)\n".to_vec());
    let opts = RunOptions {
        version: "3.6.15".into(),
        packages: vec![("Flask".into(), "1.1.1".into()), ("Werkzeug".into(), "1.0.1".into())],
        ..Default::default()
    };
    let (o, mut s) = start(&mut h, &["python", "hello-docker.py"], &opts);
    assert_eq!(
        o.stdout,
        " * Serving Flask app \"hello-docker\" (lazy loading)\n * Environment: production\n   WARNING: This is a development server. Do not use it in a production deployment.\n   Use a production WSGI server instead.\n * Debug mode: off\n"
    );
    assert_eq!(o.stderr, " * Running on http://0.0.0.0:8080/ (Press CTRL+C to quit)\n");
    let r = s.handle(&HttpRequest::get("/", "172.17.0.1"), &mut h);
    assert_eq!(
        (r.header("Server"), r.body.as_slice()),
        (Some("Werkzeug/1.0.1 Python/3.6.15"), &b"Hello Docker!"[..])
    );
}
